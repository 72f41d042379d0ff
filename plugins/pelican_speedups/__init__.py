from .pelican_speedups import register

__all__ = ["register"]
