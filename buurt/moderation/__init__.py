"""The community managers' moderation queue, log, word lists and suspensions."""
