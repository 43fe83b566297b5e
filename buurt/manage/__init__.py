"""The community managers' dashboard, sharing on their channels, the content calendar,
the neighbourhood paper and the admin pages."""
from buurt.core import settings

settings.register(
    # A sharing level with at least this many new items in the last 14 days is "active" on
    # the managers' dashboard (fewer, but some in 60 days: "quiet"; none: "empty").
    health_active_items=3,
    # The content calendar warns when a day has more announcements than this.
    calendar_max_per_day=3,
)
