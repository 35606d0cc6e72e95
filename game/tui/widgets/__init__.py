"""Widgets of the main game screen, one module per panel."""
