from .crossrefs import register

__all__ = ["register"]
