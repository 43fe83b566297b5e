"""What every kind of post shares: the Post model and its states, publishing, sharing,
flagging and withdrawing."""
