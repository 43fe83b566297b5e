"""Running the platform: the `buurt` command line, setup, demo data, backups and the
periodic work of `buurt tick`."""
