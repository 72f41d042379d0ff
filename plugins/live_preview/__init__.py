from .live_preview import register

__all__ = ["register"]
