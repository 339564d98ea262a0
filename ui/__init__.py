"""Streamlit page pieces of the dashboard (the only package besides app.py that imports streamlit)."""
