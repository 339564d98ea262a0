"""Measurements of Corridor Atlas: speed and quality, run by hand rather than as unit tests."""
