"""The marketplace: help and care requests, offers of help, and the responses on them."""
