from .web_analytics import register

__all__ = ["register"]
