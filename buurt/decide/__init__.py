"""Deciding together: decision rounds, voting and published results."""
