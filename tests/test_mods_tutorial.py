"""docs/MODDING.md stays true: its files, written out as a modder would, load as it says."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from game.loading.analysis import analyse
from game.loading.folders import base_content_dir
from game.loading.loader import check_content

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "MODDING.md"


def _section(n: int) -> str:
    text = DOC.read_text(encoding="utf-8")
    return text.split(f"\n## {n}. ", 1)[1].split("\n## ", 1)[0]


def _yaml_after(section: str, marker: str) -> str:
    """The first ```yaml block after ``marker`` in a section."""
    rest = section.split(marker, 1)[1]
    return re.search(r"```yaml\n(.*?)```", rest, re.S).group(1)


def test_the_tutorial_mod_loads_as_the_tutorial_says(tmp_path: Path) -> None:
    mod = tmp_path / "mods" / "my-first-mod"
    (mod / "cards").mkdir(parents=True)
    (mod / "endings").mkdir()
    (mod / "mod.yaml").write_text(_yaml_after(_section(2), "mod.yaml`:"))
    (mod / "cards" / "my-cards.yaml").write_text(_yaml_after(_section(3), "my-cards.yaml`:"))
    result = check_content([base_content_dir(), mod])
    assert result.errors == []
    assert [p.message.split(" is set")[0] for p in analyse(result) if "my-first-mod" in p.path] \
        == ["flag 'swiss_questions_sent'"]  # section 3 says so
    (mod / "cards" / "changes.yaml").write_text(_yaml_after(_section(5), "changes.yaml`:"))
    (mod / "endings" / "endings.yaml").write_text(_yaml_after(_section(6), "endings.yaml`:"))
    result = check_content([base_content_dir(), mod])
    assert result.errors == [], result.errors
    content = result.content
    assert "swiss-channel" in content.cards and "cash-couriers" not in content.cards
    assert content.cards["diet-question"].weight == 3
    assert content.endings[-1].id == "geneva-breakthrough"
    assert result.load_order.layers[1].counts == {"added": 2, "patched": 1, "removed": 1}
    mine = [p for p in result.problems + analyse(result) if "my-first-mod" in p.path]
    assert mine == []  # section 6: the ending reads the flag, so the warning is gone


def test_the_tutorial_scenario_loads_and_plays(tmp_path: Path) -> None:
    section = _section(10)
    root = tmp_path / "harbour"
    for name, body in re.findall(r"`(harbour/[^`]+)`[^`]*?```yaml\n(.*?)```", section, re.S):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body)
    assert (root / "endings" / "endings.yaml").exists()
    result = check_content([root])
    assert result.content is not None and result.problems == []
    assert analyse(result) == []
    run = subprocess.run([sys.executable, "-m", "game", "play", "--plain", "--no-mods",
                          "--mod", str(root), "--saves-dir", str(tmp_path / "saves")],
                         input="1\n" * 12, capture_output=True, text=True, cwd=tmp_path,
                         env={"PYTHONPATH": str(ROOT), "PATH": ""}, timeout=60)
    assert "THE HARBOUR DISPUTE" in run.stdout and "EVENT: Trawlers in the bay" in run.stdout


def test_reference_is_generated_and_up_to_date() -> None:
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_reference.py"), "--check"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr
    text = (ROOT / "docs" / "CONTENT-REFERENCE.md").read_text(encoding="utf-8")
    for needle in ("### Card", "### CardPatch", "### Manifest", "### MeterEffect",
                   "## Expressions", "| `turns_left` |"):
        assert needle in text
