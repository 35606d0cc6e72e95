"""Discussion stops: the game pauses at cards that carry a ``discussion`` prompt.

A class code turns them on for the whole class. The line mode calls
:func:`plain_stop` (through ``PlainSession(on_card=...)``); the Textual UI
calls :func:`discussion_prompt` and shows the prompt in a modal of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.engine import Game

if TYPE_CHECKING:
    from game.plain import PlainSession


def discussion_prompt(game: Game) -> str | None:
    """The current card's discussion prompt, tidied, or None when it has none."""
    card = game.card
    if card is None or game.over or not card.discussion:
        return None
    return " ".join(card.discussion.split())


def plain_stop(session: PlainSession) -> None:
    """Show the prompt and wait for Enter, so the class talks before anyone chooses.

    Output depends only on the game and the input (piped input is echoed, as at
    the main prompt), so transcripts stay byte-identical run to run.
    """
    import textwrap

    prompt = discussion_prompt(session.game)
    if prompt is None:
        return
    session.say("")
    session.say("DISCUSSION STOP")
    session.say(textwrap.fill(prompt, 78, initial_indent="  ", subsequent_indent="  "))
    session.say("Talk it over with your class before you choose.")
    session.out.write("Press Enter to go on. ")
    session.out.flush()
    line = session.inp.readline()
    if not session.inp.isatty():
        session.say(line.rstrip("\n"))  # echo piped input, as the main prompt does
