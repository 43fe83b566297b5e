"""The community managers' dashboard, sharing on their channels, and the admin pages."""
from buurt.manage import admin_views  # noqa: F401 (adds the admin pages to bp)
from buurt.manage.routes import bp

__all__ = ["bp"]
