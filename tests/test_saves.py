"""Saves: format, atomic writes with backups, names, folders, listing, versions, replay, CLI."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_saves_support import files_state, play_random

import game as game_pkg
from game.cli import main as cli_main
from game.engine import Game
from game.loading.loader import load_content
from game.plain import PlainSession
from game.saves import (
    FORMAT_VERSION,
    PlainSaves,
    SaveError,
    SaveMeta,
    autosave,
    find_save,
    latest_save,
    list_saves,
    load_save,
    new_game_id,
    read_save_info,
    safe_save_path,
    saves_dir,
    verify_save,
    write_save,
)
from game.saves import files as save_files
from game.saves.document import checksum

FIXTURES = Path(__file__).parent / "fixtures"
V1 = FIXTURES / "saves" / "v1-mini.json"
ROOT = Path(__file__).resolve().parents[1]


def started(content, seed: int = 5) -> Game:
    game = Game.new(content, seed)
    game.take_action("consult")
    return game


def rewrite(path: Path, change) -> None:
    """Edit a save's JSON as a hand-editor would, then fix its checksum (a 'valid' edit)."""
    doc = json.loads(path.read_text())
    change(doc)
    doc["checksum"] = checksum(doc)
    path.write_text(json.dumps(doc))


# ---------------------------------------------------------------- format and round trip


def test_a_save_round_trips_the_whole_game_and_its_details(mini_content, tmp_path):
    game = play_random(mini_content, 3, max_moves=7)
    meta = SaveMeta(player="佐藤 花子", class_code="KOBE-4271", extra={"group": [1, "b"]})
    path = write_save(game, tmp_path / "one.json", meta)
    loaded = load_save(path, mini_content)
    assert loaded.warnings == []
    assert loaded.game.digest() == game.digest()
    assert loaded.game.decisions == game.decisions
    assert (loaded.meta.player, loaded.meta.class_code) == ("佐藤 花子", "KOBE-4271")
    assert loaded.meta.extra == {"group": [1, "b"]}
    assert loaded.meta.saved_at and loaded.meta.game_id


def test_the_file_holds_every_field_the_format_promises(mini_content, tmp_path):
    game = started(mini_content)
    path = write_save(game, tmp_path / "s.json", SaveMeta(player="P", class_code="C"))
    doc = json.loads(path.read_text(encoding="ascii"))  # ASCII only, whatever the names
    assert doc["format"] == "parallel-tracks-save"
    assert doc["format_version"] == FORMAT_VERSION == 2
    assert doc["game_version"] == game_pkg.__version__
    assert doc["scenario"] == "mini" and doc["content_digest"] == mini_content.digest
    assert (doc["seed"], doc["difficulty"]) == (5, "normal")
    assert doc["rng_state"] == game.rng.state
    assert doc["decisions"] == ["act:consult"]
    assert doc["snapshot"] == json.loads(json.dumps(game.snapshot()))
    assert doc["checksum"] == checksum(doc) and doc["checksum"].startswith("sha256:")
    assert (doc["meta"]["player"], doc["meta"]["class_code"]) == ("P", "C")
    assert "sincerity" not in doc["summary"]["meters"]  # listings never reveal hidden meters


def test_saving_does_not_change_the_game(mini_content, tmp_path):
    game = play_random(mini_content, 8, max_moves=5)
    before = game.digest()
    write_save(game, tmp_path / "a.json")
    autosave(game, tmp_path, SaveMeta(game_id=new_game_id()))
    assert game.digest() == before


# ---------------------------------------------------------------- atomic writes, backups


def test_the_previous_save_is_kept_as_a_backup_and_no_temp_file_is_left(mini_content,
                                                                         tmp_path):
    game = started(mini_content)
    path = write_save(game, tmp_path / "s.json")
    first = path.read_bytes()
    game.choose("decline")
    write_save(game, path)
    assert (tmp_path / "s.json.bak").read_bytes() == first
    assert load_save(tmp_path / "s.json.bak", mini_content).game.turn == 1
    third_input = path.read_bytes()
    game.take_action("consult")
    write_save(game, path)
    assert (tmp_path / "s.json.bak").read_bytes() == third_input
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json", "s.json.bak"]
    assert load_save(path, mini_content).game.digest() == game.digest()


def test_a_failed_write_leaves_the_old_save_untouched(mini_content, tmp_path, monkeypatch):
    game = started(mini_content)
    path = write_save(game, tmp_path / "s.json")
    before = files_state(tmp_path)

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(save_files.os, "replace", broken_replace)
    game.choose("decline")
    with pytest.raises(SaveError, match=r"could not save s\.json: No space left on device"):
        write_save(game, path)
    monkeypatch.undo()
    assert path.read_bytes() == before["s.json"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # temp removed
    assert load_save(path, mini_content).game.turn == 1


def test_meta_that_is_not_json_data_is_refused_before_touching_the_disk(mini_content,
                                                                        tmp_path):
    game = started(mini_content)
    with pytest.raises(SaveError, match="cannot be saved"):
        write_save(game, tmp_path / "s.json", SaveMeta(extra={"when": object()}))
    with pytest.raises(SaveError, match="class_code"):
        write_save(game, tmp_path / "s.json", SaveMeta(class_code="x" * 500))
    assert not tmp_path.joinpath("s.json").exists()


# ---------------------------------------------------------------- names and folders


@pytest.mark.parametrize("name", [
    "", "   ", "../escape", "a/b", "a\\b", "/etc/passwd", "C:evil", "..", ".hidden",
    "nul", "CON", "com1.json", "lpt9", "bad\x00name", "tab\there", "q?", "star*",
    "pipe|", "x" * 101, "trailing.",
])
def test_save_names_that_could_escape_or_clash_are_refused(tmp_path, name):
    with pytest.raises(SaveError, match=r"save name|needs a name"):
        safe_save_path(tmp_path, name)


@pytest.mark.parametrize(("name", "file"), [
    ("my game", "my game.json"), ("before-stockholm", "before-stockholm.json"),
    ("日本語", "日本語.json"), ("turn 3.json", "turn 3.json"), ("  spaced  ", "spaced.json"),
    ("v1.2", "v1.2.json"),
])
def test_ordinary_save_names_land_in_the_folder(tmp_path, name, file):
    path = safe_save_path(tmp_path, name)
    assert path == tmp_path / file and path.parent == tmp_path


def test_the_saves_folder_is_the_option_then_the_variable_then_saves(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PARALLEL_TRACKS_SAVES", raising=False)
    assert saves_dir() == tmp_path / "saves"
    monkeypatch.setenv("PARALLEL_TRACKS_SAVES", str(tmp_path / "env"))
    assert saves_dir() == tmp_path / "env"
    assert saves_dir(str(tmp_path / "cli")) == tmp_path / "cli"


def test_find_save_takes_a_path_or_a_name_in_the_folder(tmp_path):
    assert find_save("game1", tmp_path) == tmp_path / "game1.json"
    other = tmp_path / "elsewhere.json"
    other.write_text("{}")
    assert find_save(str(other), tmp_path / "saves") == other
    with pytest.raises(SaveError):
        find_save("nul", tmp_path)


# ---------------------------------------------------------------- autosave and listing


def test_each_game_autosaves_to_one_file_and_a_loaded_game_keeps_it(mini_content, tmp_path):
    a, b = started(mini_content, 1), started(mini_content, 2)
    meta_a, meta_b = SaveMeta(game_id=new_game_id()), SaveMeta(game_id=new_game_id())
    pa = autosave(a, tmp_path, meta_a)
    a.choose("decline")
    assert autosave(a, tmp_path, meta_a) == pa
    pb = autosave(b, tmp_path, meta_b)
    assert pa != pb and pa.name.startswith("autosave-") and pb.name.startswith("autosave-")
    loaded = load_save(pa, mini_content)
    assert autosave(loaded.game, tmp_path, loaded.meta) == pa
    with pytest.raises(ValueError):
        autosave(a, tmp_path, SaveMeta())  # no id: it would not know its file
    assert read_save_info(pa).autosave is True
    assert sorted(p.name for p in tmp_path.glob("*.json")) == sorted([pa.name, pb.name])


def test_list_saves_is_newest_first_lists_damage_and_skips_temp_files(mini_content, tmp_path,
                                                                       monkeypatch):
    times = iter(f"2015-0{m}-01T10:00:00+00:00" for m in range(1, 10))
    monkeypatch.setattr(save_files, "now_iso", lambda: next(times))
    game = started(mini_content)
    write_save(game, tmp_path / "old.json")
    write_save(game, tmp_path / "mid.json", SaveMeta(player="Ken"))
    autosave(game, tmp_path, SaveMeta(game_id=new_game_id()))
    (tmp_path / "broken.json").write_text('{"format": "parallel-tracks-save", "forma')
    os.utime(tmp_path / "broken.json", (1.4e9, 1.4e9))  # 2014: the oldest file here
    (tmp_path / ".old.json.abc.tmp").write_text("half a save")
    (tmp_path / "notes.txt").write_text("not a save")
    infos = list_saves(tmp_path)
    names = [i.name for i in infos]
    assert names == [f"autosave-{infos[0].game_id}", "mid", "old", "broken"]
    broken = next(i for i in infos if i.name == "broken")
    assert broken.damaged and "cut short" in broken.damaged
    assert infos[1].player == "Ken" and infos[1].turn == 1 and infos[1].date == "2014-03"
    assert set(infos[1].meters) == {"progress", "allies", "public"}
    assert latest_save(tmp_path).name == names[0]
    write_save(game, tmp_path / "old.json")
    assert any(i.path.name == "old.json.bak" for i in list_saves(tmp_path, backups=True))
    assert list_saves(tmp_path / "missing") == []


def test_a_damaged_save_points_to_its_readable_backup(mini_content, tmp_path):
    game = started(mini_content)
    path = write_save(game, tmp_path / "s.json")
    write_save(game, path)
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(SaveError) as info:
        load_save(path, mini_content)
    assert info.value.backup == tmp_path / "s.json.bak"
    assert "s.json.bak" in str(info.value)
    assert load_save(info.value.backup, mini_content).game.digest() == game.digest()


def test_missing_files_and_folders_are_save_errors(mini_content, tmp_path):
    with pytest.raises(SaveError, match=r"there is no save nothing\.json"):
        load_save(tmp_path / "nothing.json", mini_content)
    with pytest.raises(SaveError, match="is a folder"):
        load_save(tmp_path, mini_content)


# ---------------------------------------------------------------- versions and content


def test_a_newer_format_is_refused_naming_both_versions(mini_content, tmp_path):
    path = write_save(started(mini_content), tmp_path / "future.json")
    rewrite(path, lambda d: d.update(format_version=3, game_version="9.9.9"))
    before = path.read_bytes()
    with pytest.raises(SaveError) as info:
        load_save(path, mini_content)
    text = str(info.value)
    assert "save format 3 by Parallel Tracks 9.9.9" in text
    assert f"Parallel Tracks {game_pkg.__version__}" in text and "formats 1 to 2" in text
    assert path.read_bytes() == before


def test_a_version_1_save_is_migrated_and_loads(mini_content, tmp_path):
    copy = tmp_path / "v1.json"
    shutil.copyfile(V1, copy)
    before = copy.read_bytes()
    loaded = load_save(copy, mini_content)
    assert copy.read_bytes() == before  # migrated in memory only
    assert loaded.format_version == 1
    assert any("older save format (1)" in w for w in loaded.warnings)
    assert (loaded.meta.player, loaded.meta.class_code) == ("Hanako Sato", "TEST-1234")
    assert [str(d) for d in loaded.game.decisions] == ["act:consult", "choose:accept",
                                                        "act:speech"]
    assert loaded.game.turn == 2
    info = read_save_info(copy)
    assert (info.format_version, info.turn, info.player) == (1, 2, "Hanako Sato")
    # Saved again, it is format 2, and the game goes on identically.
    again = write_save(loaded.game, tmp_path / "v2.json", loaded.meta)
    assert json.loads(again.read_text())["format_version"] == 2
    assert load_save(again, mini_content).game.digest() == loaded.game.digest()
    if json.loads(before)["digest"] == mini_content.digest:
        assert verify_save(copy, mini_content).ok


def _mini_variant(tmp_path: Path, old: str, new: str):
    folder = tmp_path / "variant"
    shutil.copytree(FIXTURES / "mini", folder)
    cards = folder / "cards" / "cards.yaml"
    text = cards.read_text()
    assert old in text
    cards.write_text(text.replace(old, new, 1))
    return load_content([folder])


def test_a_save_from_other_content_loads_from_its_snapshot_with_a_warning(mini_content,
                                                                          tmp_path):
    game = play_random(mini_content, 4, max_moves=6)
    path = write_save(game, tmp_path / "s.json")
    edited = _mini_variant(tmp_path, "The rival offers talks.", "The rival offers new talks.")
    assert edited.digest != mini_content.digest
    loaded = load_save(path, edited)
    assert any("different content" in w and mini_content.digest in w for w in loaded.warnings)
    assert loaded.game.snapshot()["values"] == game.snapshot()["values"]
    assert loaded.game.turn == game.turn


def test_new_flags_in_changed_content_are_added_with_their_start_values(mini_content,
                                                                       tmp_path):
    game = started(mini_content)
    path = write_save(game, tmp_path / "s.json")
    edited = _mini_variant(tmp_path, "[{meter: public, add: 2}]",
                           "[{meter: public, add: 2}, {flag: answered_diet}]")
    loaded = load_save(path, edited)
    assert loaded.game.value("answered_diet") is False
    assert any("added answered_diet = false" in w for w in loaded.warnings)
    assert path.read_bytes() == (tmp_path / "s.json").read_bytes()


def test_a_save_of_another_scenario_is_refused(mini_content, base_content, tmp_path):
    path = write_save(started(mini_content), tmp_path / "s.json")
    with pytest.raises(SaveError, match="scenario 'mini'"):
        load_save(path, base_content)


# ---------------------------------------------------------------- verify and replay


def test_verify_matches_an_honest_save(mini_content, tmp_path):
    game = play_random(mini_content, 12)
    path = write_save(game, tmp_path / "s.json")
    result = verify_save(path, mini_content)
    assert result.ok and result.difference is None
    assert result.replayed_digest == result.saved_digest == game.digest()
    assert len(result.turns) == len(game.decisions)


def test_verify_names_the_first_difference_in_words(mini_content, tmp_path):
    game = Game.new(mini_content, 5)
    game.take_action("consult")
    game.choose("decline")
    path = write_save(game, tmp_path / "s.json")

    def tamper(doc):
        entry = doc["snapshot"]["log"][0]
        assert entry["name"] == "allies"
        entry["after"] = 70.0
        doc["snapshot"]["values"]["allies"] = 70.0
    rewrite(path, tamper)
    result = verify_save(path, mini_content)
    assert not result.ok
    assert result.difference.startswith("turn 1: change 1 differs")
    assert "Allies 60.0 -> 70.0" in result.difference and "Allies 60.0 -> 62.0" in \
        result.difference and "Consult the allies" in result.difference


def test_verify_reports_a_decision_that_cannot_be_replayed(mini_content, tmp_path):
    path = write_save(started(mini_content), tmp_path / "s.json")

    def tamper(doc):
        doc["decisions"] = doc["snapshot"]["decisions"] = ["act:consult", "act:consult"]
    rewrite(path, tamper)
    result = verify_save(path, mini_content)
    assert not result.ok and result.game is None
    assert "decision 2 (act:consult, turn 1) cannot be replayed: " in result.difference
    assert "already taken this turn" in result.difference


def test_cli_replay_verify_exit_codes(tmp_path, capsys):
    content = load_content()  # as the command will load it (the session's copy may be older)
    game = play_random(content, 21, max_moves=30)
    path = write_save(game, tmp_path / "b.json")
    assert cli_main(["replay", str(path), "--verify", "--no-mods"]) == 0
    assert "OK: replaying" in capsys.readouterr().out
    assert cli_main(["replay", str(path), "--no-mods"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Turn 1: ") and "Meters: " in out

    def tamper(doc):
        doc["snapshot"]["history"][0][1]["seoul"] = 1.0
    rewrite(path, tamper)
    assert cli_main(["replay", str(path), "--verify", "--no-mods"]) == 1
    out = capsys.readouterr().out
    assert "MISMATCH in b.json: turn 0: the meters recorded differ: Seoul's confidence is " \
        "1.0 in the save, 40.0 on replay" in out
    path.write_text("{ damaged")
    assert cli_main(["replay", str(path), "--verify", "--no-mods"]) == 1
    assert "b.json is damaged" in capsys.readouterr().err


# ---------------------------------------------------------------- line mode


def _session(content, folder: Path, script: str, seed: int = 9) -> tuple[str, PlainSaves]:
    saves = PlainSaves(folder, err=io.StringIO())
    game = Game.new(content, seed)
    out = io.StringIO()
    PlainSession(game, io.StringIO(script), out, on_turn=saves.on_turn,
                 on_save=saves.on_save).run()
    return out.getvalue(), saves


def test_the_line_mode_saves_by_name_and_autosaves_every_move(mini_content, tmp_path):
    script = "a1\nsave Before Report\n1\nsave ../x\nsave\nquit\n"
    out, saves = _session(mini_content, tmp_path / "a", script)
    assert "Saved as 'Before Report' (turn 1, March 2014)." in out  # the name as typed
    assert "Not saved: cannot use '../x' as a save name" in out
    assert "Say under which name" in out
    named = load_save(tmp_path / "a" / "Before Report.json", mini_content)
    assert [str(d) for d in named.game.decisions] == ["act:consult"]
    auto = load_save(saves.last_autosave, mini_content)
    assert len(auto.game.decisions) == 2 and auto.meta.autosave
    # No times or paths in the output: a second run in another folder prints the same bytes.
    again, _ = _session(mini_content, tmp_path / "b", script)
    assert again == out


def test_a_failing_autosave_is_reported_once_and_play_goes_on(mini_content, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    saves = PlainSaves(blocker / "saves", err=io.StringIO())
    game = Game.new(mini_content, 9)
    out = io.StringIO()
    PlainSession(game, io.StringIO("a1\n1\n1\nquit\n"), out, on_turn=saves.on_turn).run()
    assert saves.err.getvalue().count("autosave failed") == 1
    assert len(game.decisions) == 3


def test_cli_play_plain_loads_a_save_and_continues_it(tmp_path, base_content):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PARALLEL_TRACKS_SAVES": str(tmp_path / "s")}
    run = [sys.executable, "-m", "game", "play", "--plain", "--seed", "4"]
    first = subprocess.run(run, input="a1\nsave mine\nquit\n", capture_output=True,
                           text=True, env=env, cwd=tmp_path, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "Saved as 'mine'" in first.stdout
    second = subprocess.run([*run, "--load", "mine"], input="status\nquit\n",
                            capture_output=True, text=True, env=env, cwd=tmp_path,
                            timeout=120)
    assert second.returncode == 0, second.stderr
    assert "Loaded mine: turn 1 of 24, March 2014." in second.stdout
    autos = [i for i in list_saves(tmp_path / "s") if i.autosave]
    assert len(autos) == 1  # the loaded game autosaves to its own file, not a new one
    bad = subprocess.run([*run, "--load", "nothing"], input="", capture_output=True,
                         text=True, env=env, cwd=tmp_path, timeout=120)
    assert bad.returncode == 1 and "there is no save nothing.json" in bad.stderr


def test_line_mode_keeps_the_save_name_as_typed(tmp_path, mini_content):
    saves = PlainSaves(tmp_path)
    game = Game.new(mini_content, 9)
    out = io.StringIO()
    PlainSession(game, io.StringIO("SAVE Before-Talks\nquit\n"), out,
                 on_save=saves.on_save).run()
    assert (tmp_path / "Before-Talks.json").is_file(), out.getvalue()


def test_bytes_added_after_a_save_are_named_as_such(tmp_path, mini_content):
    path = write_save(Game.new(mini_content, 9), tmp_path / "s.json")
    for extra in (b"x", b"\n{}\n", b"garbage"):
        path.write_bytes(path.read_bytes().rstrip() + extra)
        with pytest.raises(SaveError) as err:
            load_save(path, mini_content)
        assert "added after the end of the save" in str(err.value)
        assert "cut short" not in str(err.value)
        path = write_save(Game.new(mini_content, 9), tmp_path / "s.json")

