"""People: accounts, sign-up and log-in, neighbourhoods and memberships, topics, and who
may do what (`access`)."""
