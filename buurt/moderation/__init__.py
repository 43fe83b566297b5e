"""The community managers' moderation queue, log, word lists and suspensions."""
from buurt.moderation.routes import bp

__all__ = ["bp"]
