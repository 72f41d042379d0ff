from .site_facts import register

__all__ = ["register"]
