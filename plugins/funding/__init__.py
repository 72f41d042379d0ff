from .funding import register

__all__ = ["register"]
