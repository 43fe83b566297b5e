"""The shared core every area builds on: clock, ids, extensions, pagination, settings,
storage, the media pipeline and search. It imports no area."""
