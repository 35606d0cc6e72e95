"""The content cache: a hit gives exactly what a full load gives, without YAML or pydantic."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from game.engine import Game
from game.loading.cache import cached_check, content_key
from game.loading.folders import base_content_dir
from game.loading.loader import check_content
from game.model.content import Content
from game.userdirs import CACHE_ENV

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


def same_content(a: Content, b: Content) -> None:
    assert a.scenario == b.scenario
    assert a.cards == b.cards and list(a.cards) == list(b.cards)
    assert a.reactions == b.reactions and a.endings == b.endings
    assert (a.digest, a.layers, a.flags, a.counters) == (b.digest, b.layers, b.flags, b.counters)
    assert a.origins == b.origins
    assert set(a.exprs) == set(b.exprs)
    assert all(a.exprs[s].names == b.exprs[s].names for s in a.exprs)


def test_second_load_is_served_from_the_cache_and_equal(cache: Path) -> None:
    first = cached_check()
    assert first.files, "the first load reads the files"
    assert len(list(cache.glob("content-*.json"))) == 1
    second = cached_check()
    assert second.files == [], "the second comes from the cache"
    assert first.content is not None and second.content is not None
    same_content(first.content, second.content)
    assert second.problems == first.problems
    # The same seed and decisions give the same game on either.
    a, b = Game.new(first.content, 11), Game.new(second.content, 11)
    for game in (a, b):
        while not game.over:
            open_ = [v.choice.id for v in game.choices() if v.available]
            if game.card is None or not open_:
                game.pass_turn()
            else:
                game.choose(open_[len(game.decisions) % len(open_)])
    assert len(a.decisions) > 10 and a.digest() == b.digest()


def test_a_hit_imports_neither_yaml_nor_pydantic(cache: Path) -> None:
    cached_check()
    code = ("import sys; from game.loading.cache import cached_check; r = cached_check(); "
            "assert r.content is not None and not r.files; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('yaml', 'pydantic', 'pydantic_core')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT, env={**os.environ, CACHE_ENV: str(cache)})
    assert out.stdout.strip() == "[]", out.stderr


def test_any_edit_to_a_content_file_is_a_miss(cache: Path, tmp_path: Path) -> None:
    mini = tmp_path / "mini"
    shutil.copytree(MINI, mini)
    first = cached_check([mini])
    assert first.content is not None
    card_file = next(mini.rglob("cards/*.yaml"))
    card_file.write_text(card_file.read_text(encoding="utf-8").replace(
        "title:", "title: New", 1), encoding="utf-8")
    again = cached_check([mini])
    assert again.files, "an edited file is read again"
    assert again.content is not None and again.content.digest != first.content.digest


def test_a_link_added_to_a_cached_folder_is_a_miss_and_refused(cache: Path,
                                                                tmp_path: Path) -> None:
    mini = tmp_path / "mini"
    shutil.copytree(MINI, mini)
    assert cached_check([mini]).content is not None
    (tmp_path / "more").mkdir()
    (mini / "cards" / "more").symlink_to(tmp_path / "more", target_is_directory=True)
    again = cached_check([mini])
    assert again.content is None
    assert [p.message for p in again.errors] == [
        "this is a link to a folder: content never follows links"]


def test_broken_content_is_never_cached(cache: Path, tmp_path: Path) -> None:
    mini = tmp_path / "mini"
    shutil.copytree(MINI, mini)
    (mini / "cards" / "broken.yaml").write_text("- id: x\n  title: [unclosed\n")
    for _ in range(2):
        result = cached_check([mini])
        assert result.content is None and result.errors
        assert result.errors[0].path.endswith("broken.yaml") and result.errors[0].line
    assert not list(cache.glob("content-*.json"))


def test_a_damaged_entry_is_a_miss_and_is_rewritten(cache: Path) -> None:
    cached_check([MINI])
    (entry,) = cache.glob("content-*.json")
    for damage in ("", "{not json", json.dumps({"format": 1, "key": "other"}),
                   entry.read_text()[:-40]):
        entry.write_text(damage)
        result = cached_check([MINI])
        assert result.content is not None and result.files, "served by a full load"
        assert json.loads(entry.read_text())["format"] == 1, "and written again"


def test_the_cache_can_be_turned_off_or_unwritable(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, "off")
    assert cached_check([MINI]).content is not None
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    assert cached_check([MINI]).content is not None  # cannot write: loads all the same


def test_the_key_covers_folders_and_arguments() -> None:
    base = base_content_dir()
    key = content_key([base], None, [])
    assert key == content_key([base], None, [])
    assert key != content_key([base, MINI], None, [])
    assert key != content_key([base], None, [MINI])
    assert key != content_key([base], ["base"], [])


def test_a_full_check_and_a_cached_one_agree_on_warnings(cache: Path) -> None:
    full = check_content([MINI])
    cached_check([MINI])
    hit = cached_check([MINI])
    assert hit.problems == full.problems


def test_a_change_to_the_games_content_code_is_a_miss(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import game.loading.cache as cache_module

    code = tmp_path / "code"
    code.mkdir()
    (code / "schema.py").write_text("x = 1\n")
    monkeypatch.setattr(cache_module, "_CODE_DIRS", (code,))
    before = content_key([MINI], None, [])
    (code / "schema.py").write_text("x = 22\n")  # another size
    assert content_key([MINI], None, []) != before
    again = content_key([MINI], None, [])
    os.utime(code / "schema.py", ns=(1, 1))  # the same size, another time: a reinstall
    assert content_key([MINI], None, []) != again


def test_the_key_names_the_installed_versions_of_the_game_pydantic_and_pyyaml() -> None:
    import pydantic
    import pydantic_core
    import yaml

    import game
    import game.loading.cache as cache_module

    found = cache_module.installed()
    assert found.startswith(f"game {game.__version__}; ")
    for version in (pydantic.VERSION, pydantic_core.__version__, yaml.__version__):
        assert f"-{version}.dist-info" in found


def _fake_libraries(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Installed-looking copies of the libraries' folders, which the cache then reads."""
    import importlib.machinery

    import game.loading.cache as cache_module

    site = root / "site-packages"
    folders = {}
    for module, dist in cache_module.LIBRARIES:
        folder = site / module
        folder.mkdir(parents=True)
        (folder / "__init__.py").write_text("VERSION = '1.0'\n")
        (site / f"{dist}-1.0.dist-info").mkdir()
        folders[module] = folder

    def find_spec(name: str) -> importlib.machinery.ModuleSpec | None:
        if name not in folders:
            return None
        spec = importlib.machinery.ModuleSpec(name, None, is_package=True)
        spec.submodule_search_locations = [str(folders[name])]
        return spec

    monkeypatch.setattr(cache_module, "find_spec", find_spec)
    return folders


def test_another_version_of_the_game_pydantic_or_pyyaml_is_a_miss(
        cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import game
    import game.loading.cache as cache_module

    folders = _fake_libraries(tmp_path, monkeypatch)
    cached_check([MINI])
    before = content_key([MINI], None, [])
    assert before is not None
    with monkeypatch.context() as m:
        m.setattr(game, "__version__", "99.0")
        assert content_key([MINI], None, []) != before
    assert content_key([MINI], None, []) == before
    for module, dist in cache_module.LIBRARIES:
        site = folders[module].parent
        # An upgrade: another version's .dist-info folder...
        (site / f"{dist}-1.0.dist-info").rename(site / f"{dist}-1.1.dist-info")
        assert content_key([MINI], None, []) != before, dist
        # ...and the entry written under the old one is not served.
        assert cached_check([MINI]).files, f"served an entry for another {dist}"
        (site / f"{dist}-1.1.dist-info").rename(site / f"{dist}-1.0.dist-info")
        assert content_key([MINI], None, []) == before
        # A reinstall of the same version that changed a file of the package.
        init = folders[module] / "__init__.py"
        init.write_text("VERSION = '1.0'  # patched\n")
        assert content_key([MINI], None, []) != before, module
        init.write_text("VERSION = '1.0'\n")
        os.utime(init, ns=(1, 1))
        assert content_key([MINI], None, []) != before, module
        before = content_key([MINI], None, [])


def test_a_library_that_cannot_be_found_means_no_cache(
        cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import game.loading.cache as cache_module

    _fake_libraries(tmp_path, monkeypatch)
    assert content_key([MINI], None, []) is not None
    monkeypatch.setattr(cache_module, "find_spec", lambda name: None)
    assert content_key([MINI], None, []) is None
    assert cached_check([MINI]).content is not None  # the game still loads


def test_loading_with_the_collector_held_off_gives_the_same_content(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The pause is only for speed (see game.model.bulk): the simple path, with the
    # collector running, must load the very same content, and the pause must end.
    import gc
    from contextlib import nullcontext

    import game.loading.loader as loader_module

    paused = check_content()
    assert gc.isenabled()
    monkeypatch.setattr(loader_module, "collector_paused", nullcontext)
    simple = check_content()
    assert paused.content is not None and simple.content is not None
    same_content(paused.content, simple.content)
    assert paused.problems == simple.problems


def test_reading_the_cache_and_planning_with_the_collector_held_off_change_nothing(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The same pause serves a cache hit and the engine's plan (game.model.bulk): the
    # simple path must give the same content, and a game on it the same state.
    import gc
    from contextlib import nullcontext

    import game.engine.plan as plan_module
    import game.loading.cache as cache_module

    cached_check()  # fills the cache

    def played(result: Any) -> str:
        game = Game.new(result.content, 11)
        while not game.over:
            views = game.choices()
            if views:
                game.choose(next(v for v in views if v.available).choice.id)
            else:
                game.pass_turn()
        return game.digest()

    paused = cached_check()
    assert not paused.files  # served by the cache
    assert gc.isenabled()
    paused_digest = played(paused)
    assert gc.isenabled()
    monkeypatch.setattr(cache_module, "collector_paused", nullcontext)
    monkeypatch.setattr(plan_module, "collector_paused", nullcontext)
    simple = cached_check()
    assert not simple.files and simple.content is not None and paused.content is not None
    same_content(paused.content, simple.content)
    assert played(simple) == paused_digest


def test_writing_an_entry_with_the_collector_held_off_writes_the_same_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc
    from contextlib import nullcontext

    import game.loading.cache as cache_module

    result = check_content([MINI])
    cache_module.write_entry(tmp_path / "paused", "k" * 64, result)
    assert gc.isenabled()
    monkeypatch.setattr(cache_module, "collector_paused", nullcontext)
    cache_module.write_entry(tmp_path / "simple", "k" * 64, result)
    paused, simple = (next((tmp_path / d).glob("content-*.json")).read_bytes()
                      for d in ("paused", "simple"))
    assert paused == simple
