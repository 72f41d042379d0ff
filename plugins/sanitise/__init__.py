from .sanitise import register

__all__ = ["register"]
