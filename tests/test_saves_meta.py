"""The save writer's quick meta check never lets through what the schema would refuse."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from game.saves.records import SaveMeta, plainly_valid_meta
from game.saves.schema import Meta

ROOT = Path(__file__).resolve().parents[1]

texts = st.none() | st.text(max_size=30) | st.integers() | st.text(min_size=199, max_size=202)
metas = st.fixed_dictionaries({
    "player": texts, "class_code": texts, "name": texts,
    "extra": st.just({}) | st.dictionaries(
        st.text(max_size=5) | st.text(min_size=199, max_size=202) | st.integers() | st.none(),
        st.integers() | st.dictionaries(st.text(max_size=3), st.floats()), max_size=2)
    | st.none() | st.lists(st.integers(), max_size=1),
    "game_id": st.none() | st.from_regex(r"[a-z0-9][a-z0-9-]{0,45}", fullmatch=True)
    | st.text(max_size=10),
    "autosave": st.booleans() | st.integers(0, 1),
    "saved_at": st.none() | st.just("2026-11-27T21:00:00+00:00") | st.text(max_size=45),
}, optional={"more": st.integers()})


@settings(max_examples=400, deadline=None)
@given(metas)
def test_quick_yes_means_the_schema_says_yes(meta: dict[str, object]) -> None:
    if plainly_valid_meta(meta):
        Meta.model_validate(meta)  # must not raise


def test_the_everyday_meta_takes_the_quick_path() -> None:
    meta = SaveMeta(player="Aiko", class_code="MOHE-3756", game_id="a1b2c3",
                    autosave=True, saved_at="2026-11-27T21:00:00+00:00").to_dict()
    assert plainly_valid_meta(meta)
    # The end screen keeps its skill figure in extra: still the quick path.
    assert plainly_valid_meta({**meta, "extra": {"skill": {"percent": 80, "line": "…"}}})
    assert not plainly_valid_meta({**meta, "extra": {"x" * 201: 1}})  # validated fully


def test_playing_and_autosaving_imports_no_pydantic(tmp_path: Path) -> None:
    code = ("import sys\n"
            "from game.loading.cache import cached_check\n"
            "from game.engine import Game\n"
            "from game.saves import SaveMeta, autosave\n"
            "game = Game.new(cached_check().content, 3)\n"
            "game.choose(game.choices()[0].choice.id)\n"
            f"autosave(game, __import__('pathlib').Path({str(tmp_path)!r}), "
            "SaveMeta(game_id='g1', extra={'skill': {'percent': 80}}))\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'yaml')))\n")
    env = {**os.environ}
    for _ in range(2):  # the first run fills the content cache (and reads YAML)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             cwd=ROOT, env=env, check=True).stdout
    assert out.strip() == "[]"
    assert list(tmp_path.glob("autosave-*.json"))
