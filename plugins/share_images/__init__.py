from .share_images import register

__all__ = ["register"]
