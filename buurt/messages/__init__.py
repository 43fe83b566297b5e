"""Private conversations between two residents."""
from buurt.messages.routes import bp

__all__ = ["bp"]
