"""Ideas for the neighbourhood: support, comments and a status from new to realised."""
