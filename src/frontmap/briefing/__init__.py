"""Briefing decks: slides from TOML, their static PNG and the PDF pack."""
