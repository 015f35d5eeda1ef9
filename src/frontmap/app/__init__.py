"""Streamlit glue: the cached situation, the view state in the URL, sidebars, presenter keys."""
