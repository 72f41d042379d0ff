from .network_map import register

__all__ = ["register"]
