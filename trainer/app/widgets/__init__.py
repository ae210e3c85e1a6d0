"""Widgets, one per file, named after the region of the screen they draw."""
