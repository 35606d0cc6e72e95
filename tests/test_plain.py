"""The plain line mode, as a script or a screen-reader user drives it: through the real CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"


def play(stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", "play", "--plain", *args],
        input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=60,
    )


def test_whole_game_from_piped_input_reaches_an_ending() -> None:
    run = play("1\n" * 40, "--seed", "5", "--mod", str(MINI))
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "March 2014 (turn 1 of 6)" in out
    assert "EVENT: Talks" in out
    assert "What changed:" in out and "because: Talks: Accept and lift the travel ban" in out
    assert "THE END:" in out and "Score:" in out
    assert "Revealed: Sincerity was" in out
    assert "of the best this seed allowed (joint score" in out
    assert "Traceback" not in run.stderr


def test_same_seed_same_input_gives_byte_identical_output() -> None:
    script = "status\n2\nwhy allies\na1\n1\npending\nledger\n1\n2\n1\n1\n1\n1\n"
    first = play(script, "--seed", "77", "--mod", str(MINI))
    second = play(script, "--seed", "77", "--mod", str(MINI))
    assert first.returncode == 0
    assert first.stdout == second.stdout
    other = play(script, "--seed", "78", "--mod", str(MINI))
    assert other.stdout != first.stdout  # the seed matters (hidden intent differs)


def test_end_of_input_exits_cleanly_with_a_message() -> None:
    run = play("status\n", "--seed", "1", "--mod", str(MINI))
    assert run.returncode == 0
    assert "Input ended at turn 1; the game stops here." in run.stdout
    assert run.stderr == ""


def test_help_status_quit_and_bad_input_at_the_prompt() -> None:
    run = play("help\nstatus\n9\nfly\na9\nwhy\nwhy nothing\n3\nquit\n", "--seed", "1",
               "--mod", str(MINI))
    out = run.stdout
    assert run.returncode == 0
    assert "Commands (type them at any prompt):" in out
    assert "Choose a number from 1 to 3." in out
    assert "Unknown command 'fly'. Type 'help' for the list." in out
    assert "Actions are a1 to a2." in out
    assert "Say which meter" in out
    assert "No meter called 'nothing'" in out
    assert "Not possible: Demand everything: locked (Needs public support of 90)" in out
    assert "Stopped at turn 1." in out


def test_locked_choices_show_their_reason_and_actions_their_cost() -> None:
    out = play("quit\n", "--seed", "1", "--mod", str(MINI)).stdout
    assert "3. (locked: Needs public support of 90) Demand everything" in out
    assert "a1. Consult the allies, cost 1" in out
    assert "l1. Travel ban: imposed; lift for 1" in out


def test_info_gives_each_rule_and_choices_say_what_they_touch() -> None:
    run = play("info a2\ninfo l1\ninfo z\n2\nstatus\npending\nhelp\nquit\n", "--seed", "1",
               "--mod", str(MINI))
    out = run.stdout
    assert "a2. Speech: costs 2 political capital, once a month." in out
    assert "Only when: Public below 90." in out and "If taken now: Public +." in out
    assert "l1. Travel ban: imposed now. Lifting it costs 1 political capital" in out
    assert "Lifting moves: Allies -, Your side gives (a concession)." in out
    assert "Say which: 'info a1' to 'info a2', 'info l1' to 'info l1'." in out
    assert "  1. Answer\n      touches: Public +\n  2. Dodge\n      touches: Public -" in out
    assert "Allies: 64 of 100 (+4 since your last answer)" in out  # the answer and after
    assert "Progress: 10 of 100\n" in out  # no "(+0 ...)" for a meter that did not move
    assert "because: Talks: Decline (continuing)" in out  # said once, not twice
    assert "next month:" in out and "because: Talks: Decline" in out
    assert "info a1, info l2" in out  # listed in help
    assert "political capital 2 of at most 4" in out


def test_base_game_plays_to_an_ending_in_plain_mode() -> None:
    run = play("1\n" * 80, "--seed", "3")
    assert run.returncode == 0, run.stderr
    assert "THE END:" in run.stdout
    # Stockholm's card is bold in its Markdown: printed as words, not asterisks.
    assert "Pyongyang offers a comprehensive" in run.stdout and "**" not in run.stdout
    assert "touches: " in run.stdout  # answer previews on normal...
    hard = play("quit\n", "--seed", "3", "--difficulty", "hard")
    assert "Choices:" in hard.stdout and "touches: " not in hard.stdout  # ...not on hard


def test_broken_content_is_refused_with_file_line_and_no_traceback(tmp_path: Path) -> None:
    mod = tmp_path / "mod"
    (mod / "cards").mkdir(parents=True)
    (mod / "cards" / "bad.yaml").write_text("- id: x\n  title: X\n  wieght: 3\n")
    run = play("1\n", "--mod", str(mod))
    assert run.returncode == 1
    assert "bad.yaml:3:3" in run.stderr
    assert "Traceback" not in run.stderr


def test_status_says_open_concerns_under_the_date() -> None:
    out = play("l1\n1\nquit\n", "--seed", "5").stdout
    assert ("April 2014 (turn 2 of 24), political capital 3 of at most 5\n"
            "  2 open concerns, 3 months left (type 'pending')\n") in out
