from .page_index import register

__all__ = ["register"]
