"""Every test here drives the real app in Chromium (fixtures in ``tests/browser_fixtures.py``)."""
