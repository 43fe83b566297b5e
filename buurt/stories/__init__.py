"""Stories: what made neighbours happy, with a photo or a short video."""
