from .open_data import register

__all__ = ["register"]
