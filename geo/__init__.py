"""Geometry and cartography for Corridor Atlas: pure functions, no Streamlit."""
