"""Debriefs of one game and reports over a class's games: Markdown, HTML, CSV, text charts.

Reads games (engine objects) and save metadata; writes text. No Textual, no
terminal control codes: the output is plain text a teacher can print, mail or
open in a browser.
"""
