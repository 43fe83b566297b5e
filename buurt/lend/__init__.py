"""Lending things: items, loans with dates, return confirmation."""
from buurt.core import settings

settings.register(
    # A loan of an item lasts at most this many days, and starts at most this many days ahead.
    loan_max_days=30,
    loan_max_days_ahead=180,
)
