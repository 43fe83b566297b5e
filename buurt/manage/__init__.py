"""The community managers' dashboard, sharing on their channels, the content calendar,
the neighbourhood paper and the admin pages."""
