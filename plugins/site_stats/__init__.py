from .site_stats import register

__all__ = ["register"]
