"""Screens of the Textual game, one module each."""
