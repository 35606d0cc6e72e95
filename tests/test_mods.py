"""Mods layered over a scenario: manifests, load order, add/replace/patch/remove, conflicts."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine import Game
from game.loading.loader import check_content, load_content
from game.loading.mods import in_range, plan_stack, version_range
from game.loading.problems import ContentError

FIX = Path(__file__).parent / "fixtures"
MINI = FIX / "mini"
MODS = FIX / "mods"
ROOT = Path(__file__).resolve().parents[1]


def _msgs(result, severity=None):
    return [f"{p.path}:{p.line}: {p.message}" for p in result.problems
            if severity is None or p.severity == severity]


def test_patch_replace_add_remove_over_the_mini_scenario() -> None:
    content = load_content([MINI, MODS / "patcher"])
    cards = content.cards
    # removed by the manifest's remove: list
    assert "filler" not in cards
    # patched: weight changed, choices merged by id (one relabelled, one added, one kept)
    test = cards["test"]
    assert test.weight == 7
    assert [(c.id, c.label) for c in test.choices] == [
        ("condemn", "Condemn"), ("quiet", "Say nothing at all"),
        ("protest", "Protest through the broker")]
    # the patched choice keeps the effects it did not list
    quiet = next(c for c in test.choices if c.id == "quiet")
    assert len(quiet.effects) == 2
    # replaced whole, added
    assert cards["report"].title == "The report, rewritten"
    assert [c.id for c in cards["report"].choices] == ["read", "bin"]
    assert cards["summit"].actor == "broker"
    # reactions: removed by a 'remove: true' entry; endings: patched title, rest kept
    assert [r.id for r in content.reactions] == ["ally-frets"]
    deal = content.endings_by_id["deal"]
    assert deal.title == "A deal, brokered" and deal.final and deal.tone == "good"
    # scenario patch: a meter patched, a meter and an actor added
    meters = {m.id: m for m in content.scenario.meters}
    assert meters["public"].start == 55 and meters["public"].label == "Public"
    assert meters["trust"].start == 30
    assert [a.id for a in content.scenario.actors] == ["ally", "rival", "broker"]
    assert content.layers == ["base", "patcher"]
    assert content.origins["summit"].layer == "patcher"


def test_the_modded_game_plays_with_the_new_card_and_meter() -> None:
    content = load_content([MINI, MODS / "patcher"])
    for seed in range(1, 40):
        game = Game.new(content, seed)
        while not game.over:
            views = game.choices()
            if game.card is None:
                game.pass_turn()
                continue
            pick = next(v for v in reversed(views) if v.available)
            game.choose(pick.choice.id)
        assert "filler" not in game.seen
        if "summit" in game.seen:
            return
    pytest.fail("the mod's summit card never came in 40 seeds")


def test_mod_digest_differs_from_base() -> None:
    assert load_content([MINI]).digest != load_content([MINI, MODS / "patcher"]).digest


def test_conflict_names_both_files_and_later_wins() -> None:
    result = check_content([MINI, MODS / "patcher", MODS / "rival"])
    assert result.content is not None
    assert result.content.cards["test"].weight == 2  # rival loads later and wins
    conflicts = [p for p in result.warnings if "conflict" in p.message]
    assert len(conflicts) == 1
    c = conflicts[0]
    assert c.path.endswith("mods/rival/cards/weights.yaml") and c.line == 1
    assert "patcher/cards/changes.yaml:1" in c.message
    assert "'rival' wins" in c.message and "after: [patcher]" in c.hint


def test_after_hint_reorders_and_marks_the_override_intended() -> None:
    # given before the patcher, but its manifest says after: [patcher]
    result = check_content([MINI, MODS / "ordered", MODS / "patcher"])
    assert result.load_order is not None
    assert result.load_order.names == ["base", "patcher", "ordered"]
    assert result.content is not None and result.content.cards["test"].weight == 3
    assert not [p for p in result.problems if "conflict" in p.message]


def test_load_order_cycle_is_an_error() -> None:
    result = check_content([MINI, MODS / "cycle-a", MODS / "cycle-b"])
    assert result.content is None
    (err,) = result.errors
    assert "circle" in err.message and "cycle-a" in err.message and "cycle-b" in err.message


def test_target_mismatch_given_is_error_folder_is_skipped() -> None:
    given = check_content([MINI, MODS / "other-target"])
    assert given.content is None
    (err,) = given.errors
    assert err.path.endswith("other-target/mod.yaml") and err.line == 4
    assert "made for scenario 'japan_2014', not 'mini'" in err.message
    folder = check_content([MINI, MODS / "other-target"], optional=[MODS / "other-target"])
    assert folder.content is not None and "elsewhere" not in folder.content.cards
    assert any("not loaded" in p.message for p in folder.warnings)
    assert folder.load_order is not None
    assert [x.name for x in folder.load_order.skipped] == ["other-target"]


def test_whole_scenario_mod_replaces_the_base() -> None:
    result = check_content([MINI, MODS / "newworld"])
    content = result.content
    assert content is not None
    assert content.scenario.id == "harbour" and list(content.cards) == ["boats"]
    assert result.load_order is not None and result.load_order.skipped[0].name == "base"
    game = Game.new(content, 1)
    assert game.card is not None and game.card.id == "boats"


def test_broken_patches_are_located() -> None:
    result = check_content([MINI, MODS / "broken"])
    assert result.content is None
    msgs = _msgs(result, "error")
    assert any("broken/cards/bad.yaml:3: unknown field 'wieght' in a patch (did you mean "
               "'weight'?)" in m for m in msgs), msgs
    assert any("bad.yaml:6: a removal takes only 'id'" in m for m in msgs), msgs


def test_patch_results_are_validated_at_the_patch() -> None:
    result = check_content([MINI, MODS / "broken-merge"])
    msgs = _msgs(result, "error")
    assert any("bad.yaml:1: nothing to patch: no card 'no-such-card'" in m for m in msgs), msgs
    assert any("bad.yaml:11: after patching card 'filler': -4 is out of range" in m
               for m in msgs), msgs


def test_load_content_raises_with_every_error() -> None:
    with pytest.raises(ContentError) as exc:
        load_content([MINI, MODS / "broken"])
    assert "wieght" in str(exc.value)


@pytest.mark.parametrize(("version", "spec", "ok"), [
    ("1", "*", True), ("1", "1", True), ("1.0", "1", True), ("1.2", "1.*", True),
    ("2.0", "1.*", False), ("1.5", ">=1.0, <2", True), ("2", ">=1.0, <2", False),
    ("0.9", ">=1", False), ("3", "!=2", True), ("2.0.0", "!=2", False),
    ("1.0.3", "1.0.*", True), ("1.1", "1.0.*", False), ("1.4", "~=1.2", True),
    ("2.0", "~=1.2", False), ("1", "", True), ("draft", "*", True), ("draft", "1", False),
])
def test_version_ranges(version: str, spec: str, ok: bool) -> None:
    assert in_range(version, spec) is ok


def test_bad_version_range_is_refused() -> None:
    for spec in ("about 1", ">=1.*", "1,", ">=1 <2"):
        with pytest.raises(ValueError, match="cannot read the version range"):
            version_range(spec)


def test_bad_manifest_is_located(tmp_path: Path) -> None:
    mod = tmp_path / "badmod"
    (mod / "cards").mkdir(parents=True)
    (mod / "mod.yaml").write_text("id: badmod\nname: Bad\nversion: one\nafter: nobody\n")
    result = check_content([MINI, mod])
    assert result.content is None
    lines = {(p.line, p.message.split(":")[0]) for p in result.errors}
    assert any(line == 3 for line, _ in lines), result.errors
    assert any(line == 4 for line, _ in lines), result.errors


def test_same_mod_twice_loads_once(tmp_path: Path) -> None:
    copy = tmp_path / "patcher-copy"
    shutil.copytree(MODS / "patcher", copy)
    plan = plan_stack([MINI, MODS / "patcher", copy])
    assert plan.names == ["base", "patcher"]
    assert any("two mods have the id 'patcher'" in p.message for p in plan.problems)


def _cli(*args: str, cwd: Path, env: dict[str, str] | None = None,
         stdin: str = "") -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    full_env.pop("PARALLEL_TRACKS_MODS", None) if env is None else None
    return subprocess.run([sys.executable, "-m", "game", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, input=stdin, timeout=120)


def test_check_states_the_load_order_and_exit_codes(tmp_path: Path) -> None:
    ok = _cli("check", str(MINI), str(MODS / "patcher"), str(MODS / "rival"), cwd=tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    lines = ok.stdout.splitlines()
    assert lines[0] == "Load order:"
    assert lines[1].startswith("  1. base (base game)")
    assert lines[2].startswith("  2. patcher 1.2.0 (--mod)")
    assert "1 added, 1 replaced, 2 patched, 2 removed, 1 scenario patched" in lines[2]
    assert lines[3].startswith("  3. rival 1 (--mod)")
    assert "warning: conflict" in ok.stdout
    strict = _cli("check", "--strict", str(MINI), str(MODS / "patcher"), str(MODS / "rival"),
                  cwd=tmp_path)
    assert strict.returncode == 1
    bad = _cli("check", str(MINI), str(MODS / "broken"), cwd=tmp_path)
    assert bad.returncode == 1 and "error: unknown field 'wieght'" in bad.stdout
    usage = _cli("check", "--no-such-flag", cwd=tmp_path)
    assert usage.returncode == 2


def test_check_json_for_tools(tmp_path: Path) -> None:
    run = _cli("check", "--json", str(MINI), str(MODS / "patcher"), str(MODS / "rival"),
               cwd=tmp_path)
    data = json.loads(run.stdout)
    assert data["ok"] is True and data["errors"] == []
    assert [x["name"] for x in data["load_order"]] == ["base", "patcher", "rival"]
    assert data["load_order"][1]["changes"]["patched"] == 2
    assert any("conflict" in w["message"] for w in data["warnings"])
    assert data["stats"]["cards"] == 4


def test_mods_folder_is_loaded_by_play_and_check(tmp_path: Path) -> None:
    folder = tmp_path / "mymods"
    folder.mkdir()
    shutil.copytree(MODS / "newworld", folder / "newworld")
    (folder / "stray").mkdir()  # content but no manifest: skipped with a warning
    (folder / "stray" / "cards.yaml").write_text("[]\n")
    (folder / "schema").mkdir()  # no YAML at all (e.g. JSON schemas): quietly not a mod
    (folder / "schema" / "card.json").write_text("{}")
    env = {"PARALLEL_TRACKS_MODS": str(folder)}
    check = _cli("check", cwd=tmp_path, env=env)
    assert "newworld 0.1 (mods folder, a whole scenario)" in check.stdout, check.stdout
    assert "mymods/stray: warning: not loaded: a mod folder needs a mod.yaml" in check.stdout
    assert "schema" not in check.stdout
    play = _cli("play", "--plain", cwd=tmp_path, env=env, stdin="1\n" * 10)
    assert play.returncode == 0, play.stderr
    assert "THE HARBOUR DISPUTE" in play.stdout
    plain = _cli("play", "--plain", "--no-mods", cwd=tmp_path, env=env, stdin="quit\n")
    assert "THE HARBOUR DISPUTE" not in plain.stdout


def test_the_benchmarks_generated_mod_loads_and_analyses(tmp_path: Path) -> None:
    """The 10,000-card benchmark's generator, at a small size: valid, layered, analysable."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from content_load import generate_mod
    finally:
        sys.path.pop(0)
    from game.loading.analysis import analyse
    from game.loading.folders import base_content_dir

    generate_mod(tmp_path / "generated", cards=120, per_file=50)
    result = check_content([base_content_dir(), tmp_path / "generated"])
    assert result.errors == [], result.errors[:3]
    assert result.content is not None
    assert sum(1 for c in result.content.cards if c.startswith("gen-")) == 120
    assert result.load_order is not None and result.load_order.layers[1].counts == {"added": 120}
    assert not [p for p in analyse(result) if p.severity == "error"]


def test_cross_check_errors_in_a_scenario_patch_point_at_the_mod(tmp_path: Path) -> None:
    mod = tmp_path / "patcher"
    shutil.copytree(MODS / "patcher", mod)
    text = (mod / "scenario.yaml").read_text()
    (mod / "scenario.yaml").write_text(text.replace(
        "{id: trust, label: Trust, start: 30, good: high}",
        "{id: trust, label: Trust, start: 30, good: high, track: nowhere}"))
    result = check_content([MINI, mod])
    (err,) = result.errors
    assert err.message == "unknown track 'nowhere'"
    assert err.path.endswith("patcher/scenario.yaml") and (err.line, err.col) == (6, 61)


def test_errors_in_a_patched_card_point_where_each_part_was_written(tmp_path: Path) -> None:
    mod = tmp_path / "m"
    (mod / "cards").mkdir(parents=True)
    (mod / "mod.yaml").write_text("id: m\nname: M\nversion: '1'\n")
    # The patch keeps 'test''s own choices (from the mini scenario) and adds one of its own;
    # a scenario patch removes the 'allies' meter that both use.
    (mod / "scenario.yaml").write_text("patch: true\nmeters:\n  - {id: allies, remove: true}\n")
    (mod / "cards" / "c.yaml").write_text(
        "- id: test\n  patch: true\n  weight: 3\n  choices:\n"
        "    - id: shrug\n      label: Shrug\n      effects: [{meter: allies, add: 1}]\n")
    result = check_content([MINI, mod])
    where = {(Path(p.path).name, p.line) for p in result.errors
             if p.message == "unknown meter 'allies'"}
    # 'condemn' and 'quiet' in the mini cards file (lines 49 and 52), 'shrug' in the patch
    assert ("cards.yaml", 49) in where and ("cards.yaml", 52) in where, result.errors
    assert ("c.yaml", 7) in where, result.errors


def test_a_reference_to_something_a_mod_removed_says_which_mod(tmp_path: Path) -> None:
    mod = tmp_path / "m"
    mod.mkdir()
    (mod / "mod.yaml").write_text("id: m\nname: M\nversion: '1'\nremove: [talks]\n")
    result = check_content([MINI, mod])
    err = next(p for p in result.errors if "unknown card 'talks'" in p.message)
    assert err.path.endswith("mini/cards/cards.yaml") and err.line == 27
    assert "card 'talks' was removed by" in err.hint and "m/mod.yaml" in err.hint
    # a flag only a removed card raised: the reader is told which removal made it unknown
    (mod / "cards").mkdir()
    (mod / "cards" / "c.yaml").write_text(
        "- id: reader\n  title: R\n  when: protested\n  body: x\n"
        "  choices: [{id: a, label: A}, {id: b, label: B}]\n")
    (mod / "mod.yaml").write_text("id: m\nname: M\nversion: '1'\n")
    patcher_like = tmp_path / "raiser"
    (patcher_like / "cards").mkdir(parents=True)
    (patcher_like / "mod.yaml").write_text("id: raiser\nname: R\nversion: '1'\n")
    (patcher_like / "cards" / "c.yaml").write_text(
        "- id: raise-it\n  title: T\n  body: x\n"
        "  choices: [{id: a, label: A, effects: [{flag: protested}]}, {id: b, label: B}]\n")
    remover = tmp_path / "remover"
    remover.mkdir()
    (remover / "mod.yaml").write_text("id: remover\nname: X\nversion: '1'\nremove: [raise-it]\n")
    result = check_content([MINI, patcher_like, mod, remover])
    err = next(p for p in result.errors if "unknown name 'protested'" in p.message)
    assert "'protested' was set only by card 'raise-it', which" in err.hint
    assert "remover/mod.yaml" in err.hint


def _mod(root: Path, name: str, cards: str) -> Path:
    folder = root / name
    (folder / "cards").mkdir(parents=True)
    (folder / "mod.yaml").write_text(f"id: {name}\nname: {name}\nversion: '1'\n")
    (folder / "cards" / "c.yaml").write_text(cards)
    return folder


def test_a_patch_loaded_before_the_mod_that_adds_its_card_names_that_mod(
        tmp_path: Path) -> None:
    adder = _mod(tmp_path, "adder", "- id: extra\n  title: E\n  body: x\n"
                 "  choices: [{id: a, label: A}, {id: b, label: B}]\n")
    patcher = _mod(tmp_path, "tweaker", "- id: extra\n  patch: true\n  weight: 5\n")
    # In order: a dependency, said as one, not a conflict.
    ok = check_content([MINI, adder, patcher])
    assert ok.content is not None and ok.content.cards["extra"].weight == 5
    dep = [p for p in ok.warnings if "needs 'adder' loaded first" in p.message]
    assert dep and not [p for p in ok.problems if "conflict" in p.message]
    # The reverse order: the error names the mod that adds the card and the fix.
    wrong = check_content([MINI, patcher, adder])
    err = next(p for p in wrong.errors if "'extra'" in p.message)
    assert err.path.endswith("tweaker/cards/c.yaml") and err.line == 1
    assert "added by mod 'adder'" in err.message and "adder/cards/c.yaml:1" in err.message
    assert "'tweaker' needs 'adder' loaded first" in err.message
    assert "after: [adder]" in err.hint


def test_a_link_in_the_mods_folder_is_never_followed(tmp_path: Path) -> None:
    folder = tmp_path / "mymods"
    folder.mkdir()
    shutil.copytree(MODS / "newworld", folder / "newworld")
    outside = tmp_path / "elsewhere"
    shutil.copytree(MODS / "rival", outside)
    (outside / "cards" / "secret.yaml").write_text("- id: x\n  body: SECRET-VALUE\n")
    (folder / "linked").symlink_to(outside, target_is_directory=True)
    env = {"PARALLEL_TRACKS_MODS": str(folder)}
    said = ("mymods/linked: warning: not loaded: this is a link to a folder: content never "
            "follows links (copy the folder itself here in place of the link)")
    check = _cli("check", cwd=tmp_path, env=env)
    assert check.returncode == 0, check.stdout
    assert said in check.stdout and "newworld 0.1 (mods folder" in check.stdout
    assert "rival" not in check.stdout and "SECRET" not in check.stdout
    play = _cli("play", "--plain", cwd=tmp_path, env=env, stdin="quit\n")
    assert play.returncode == 0, play.stderr
    assert said in play.stderr and "THE HARBOUR DISPUTE" in play.stdout  # the rest loads
