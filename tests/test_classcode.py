"""Class codes: round trips, typing mistakes, and codes made for other content."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
from pathlib import Path

import pytest

from game.classroom.classcode import WORDS, ClassCode, ClassCodeError, normalize, seed_capacity
from game.engine import Game
from game.loading.loader import load_content

FIXTURES = Path(__file__).parent / "fixtures"


def test_word_list_is_frozen():
    # Codes already written on boards must keep decoding: the list is part of the format.
    assert len(WORDS) == 2476
    assert hashlib.sha256(" ".join(WORDS).encode()).hexdigest()[:12] == "8c15c8b8520e"
    assert WORDS[:3] == ("kaki", "kaku", "kake")
    assert "kobe" in WORDS and "baka" not in WORDS
    assert all(len(w) == 4 and w.isalpha() for w in WORDS)


def test_known_codes_are_stable(mini_content):
    # Pinned: if these change, every code a teacher already handed out breaks.
    fixed = dataclasses.replace(mini_content, digest="0123456789abcdef")
    assert ClassCode.make(fixed, seed=0, difficulty="hard", stops=True).text == "SASA-7129"
    assert ClassCode.make(fixed, seed=123, difficulty="normal").text == "DADA-1920"
    back = ClassCode.parse("dada 1920", fixed)
    assert (back.seed, back.difficulty, back.stops) == (123, "normal", False)


@pytest.mark.parametrize("stops", [False, True])
@pytest.mark.parametrize("difficulty", ["normal", "hard"])
def test_round_trip(mini_content, difficulty, stops):
    cap = seed_capacity(mini_content)
    assert cap >= 300  # enough distinct games for a school's classes
    for seed in (0, 1, 2, 57, cap - 1):
        code = ClassCode.make(mini_content, seed, difficulty, stops)
        back = ClassCode.parse(code.text, mini_content)
        assert (back.seed, back.difficulty, back.stops) == (seed, difficulty, stops)
        assert back.text == code.text


def test_codes_differ_between_seeds(mini_content):
    texts = {ClassCode.make(mini_content, s).text for s in range(200)}
    assert len(texts) == 200
    words = {t[:4] for t in texts}
    assert len(words) > 150  # neighbouring seeds do not share a word


def test_sloppy_typing_is_accepted(mini_content):
    code = ClassCode.make(mini_content, 12, "normal", False)
    word, digits = code.text.split("-")
    for typed in (code.text.lower(), f" {word} {digits} ", f"{word}{digits}",
                  f"{word.lower()}-{digits.replace('0', 'O').replace('1', 'l')}"):
        assert ClassCode.parse(typed, mini_content).seed == 12, typed
    assert normalize("kobe 4271") == "kobe-4271"


def test_every_single_digit_mistake_is_caught(mini_content):
    code = ClassCode.make(mini_content, 33, "normal", True)
    word, digits = code.text.split("-")
    for i in range(4):
        for d in "0123456789":
            if d == digits[i]:
                continue
            typed = f"{word}-{digits[:i]}{d}{digits[i + 1:]}"
            with pytest.raises(ClassCodeError, match="typing mistake"):
                ClassCode.parse(typed, mini_content)
    for i in range(3):  # adjacent swaps
        swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:]
        if swapped != digits:
            with pytest.raises(ClassCodeError, match="typing mistake"):
                ClassCode.parse(f"{word}-{swapped}", mini_content)


def test_bad_shapes_say_what_a_code_looks_like(mini_content):
    for bad in ("", "KOBE", "KOBE-42", "12345678", "KOBEX-4271"):
        with pytest.raises(ClassCodeError, match="like KOBE-4271"):
            ClassCode.parse(bad, mini_content)
    with pytest.raises(ClassCodeError, match="not a class-code word"):
        ClassCode.parse("KYAA-1234", mini_content)


def test_code_for_other_content_is_refused(mini_content, tmp_path):
    # The same scenario with one changed line is other content: a different digest.
    other = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", other)
    scen = other / "scenario.yaml"
    scen.write_text(scen.read_text().replace("A small test world.", "A changed world."))
    changed = load_content([other])
    assert changed.digest != mini_content.digest
    refused = 0
    for seed in range(40):
        code = ClassCode.make(mini_content, seed, "normal", False)
        try:
            ClassCode.parse(code.text, changed)
        except ClassCodeError as exc:
            assert "made for other game content" in str(exc)
            assert changed.digest in str(exc)
            refused += 1
    assert refused >= 38  # a 1-in-1024 chance each of slipping through


def test_make_refuses_bad_settings(mini_content):
    with pytest.raises(ClassCodeError, match="unknown difficulty"):
        ClassCode.make(mini_content, 1, "impossible")
    with pytest.raises(ClassCodeError, match="seed from 0 to"):
        ClassCode.make(mini_content, seed_capacity(mini_content))
    assert 0 <= ClassCode.make(mini_content).seed < seed_capacity(mini_content)


def test_same_code_same_game(mini_content):
    code = ClassCode.make(mini_content, 77, "hard", False)
    a = ClassCode.parse(code.text, mini_content)
    g1 = Game.new(mini_content, a.seed, a.difficulty)
    g2 = Game.new(mini_content, a.seed, a.difficulty)
    assert g1.digest() == g2.digest()
    assert g1.difficulty == "hard"
