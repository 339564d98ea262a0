"""The Corridor Atlas catalog: sourced corridors, places and quotes, validated on load."""
