"""Lending things: items, loans with dates, return confirmation."""
