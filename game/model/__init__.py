"""The light runtime the engine reads: content records, expressions, calendars.

:mod:`~game.model.runtime` holds the plain records (generated from the schemas
in :mod:`game.loading.schema`), :mod:`~game.model.expr` compiles and runs the
expression language, :mod:`~game.model.content` is the checked scenario the
engine plays. Nothing here imports pydantic, YAML or :mod:`game.loading`.
"""
