"""Private conversations between two residents."""
