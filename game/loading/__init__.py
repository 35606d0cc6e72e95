"""Reading and checking content files: YAML, pydantic schemas, mods, analysis, the cache.

Everything here runs before a game starts; the game itself runs on the light
runtime of :mod:`game.model`, which never imports this package (a test checks).
The pipeline: :mod:`~game.loading.folders` finds the folders,
:mod:`~game.loading.mods` orders the layers and merges their patches,
:mod:`~game.loading.yamlsource` parses each file keeping line numbers,
:mod:`~game.loading.schema` validates it, :mod:`~game.loading.loader` checks
references across files and builds :class:`game.model.content.Content`, and
:mod:`~game.loading.cache` keeps the result so the next start skips all of it.
:mod:`~game.loading.analysis` finds what can never happen; problems are
reported as :class:`~game.loading.problems.Problem` (``file:line:col``).
"""
