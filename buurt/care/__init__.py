"""Care requests as a schedule: tasks, neighbours who take them, and the gaps."""
from buurt.care.routes import bp

__all__ = ["bp"]
