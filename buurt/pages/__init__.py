"""The pages about the site itself: privacy, help, house rules and contact."""
