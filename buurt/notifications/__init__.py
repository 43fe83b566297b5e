"""Notifications in the app, how often a resident hears from us by e-mail, and how long
what we sent is kept."""
from buurt.core import settings

settings.register(
    # How long conversations (after their last message), notifications and the e-mails we
    # sent are kept before `buurt tick` removes them (buurt.notifications.retention).
    retention_months=24,
)
