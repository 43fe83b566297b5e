"""What every page shares: Jinja filters and globals, form helpers, error pages, request
logging and static files."""
