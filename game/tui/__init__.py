"""The Textual game (see app.py). Importing this package imports nothing else."""
