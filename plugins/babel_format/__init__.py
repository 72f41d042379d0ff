from .babel_format import register

__all__ = ["register"]
