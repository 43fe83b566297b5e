"""Sharing information: meeting places, events, initiatives and the people directory."""
