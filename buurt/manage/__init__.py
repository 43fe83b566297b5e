"""The community managers' dashboard, sharing on their channels, the content calendar,
the neighbourhood paper and the admin pages."""
# These modules add their pages to bp.
from buurt.manage import admin_views, calendar_views, paper_views  # noqa: F401
from buurt.manage.routes import bp

__all__ = ["bp"]
