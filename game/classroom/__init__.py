"""Classroom tools that sit above the engine: class codes, what-if branches, stops, serving.

Nothing here draws a screen: the line mode, the Textual UI and the CLI call
these functions. Imports point one way (model -> engine -> classroom -> ui).
"""
