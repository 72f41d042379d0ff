from .sections import register

__all__ = ["register"]
