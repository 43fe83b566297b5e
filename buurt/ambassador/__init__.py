"""Ambassadors: onboarding events, assisted sign-up, login cards and "my neighbours"."""
