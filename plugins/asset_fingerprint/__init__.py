from .asset_fingerprint import register

__all__ = ["register"]
