"""Ambassadors: onboarding events, assisted sign-up, login cards and "my neighbours"."""
from buurt.core import settings

settings.register(
    # The one-time code on a login card (assisted sign-up without e-mail) works this many days.
    login_card_days=30,
)
