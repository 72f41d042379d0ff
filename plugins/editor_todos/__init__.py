from .editor_todos import register

__all__ = ["register"]
