"""Benchmarks (never run by CI): see bench/pages.py."""
