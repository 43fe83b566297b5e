"""The home page, the welcome page, the language switch and the health check."""
