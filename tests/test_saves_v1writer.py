"""How format-1 saves were written, kept to regenerate ``tests/fixtures/saves/v1-mini.json``.

Run ``python tests/test_saves_v1writer.py`` to rewrite the fixture (only when the
mini scenario changes so much that the old fixture no longer fits it). The
fixture is committed: the migration test loads the bytes as they were.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "saves" / "v1-mini.json"


def v1_document(game: Any, player: str | None, class_code: str | None) -> dict[str, Any]:
    """A format-1 save: flat fields, checksum in ``sha256`` (bare hex)."""
    body = {
        "format": "parallel-tracks-save",
        "version": 1,
        "game_version": "0.1.0",
        "scenario": game.content.scenario.id,
        "digest": game.content.digest,
        "seed": game.seed,
        "difficulty": game.difficulty,
        "decisions": [str(d) for d in game.decisions],
        "snapshot": game.snapshot(),
        "player": player,
        "class_code": class_code,
    }
    canon = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    body["sha256"] = hashlib.sha256(canon.encode()).hexdigest()
    return body


def main() -> None:
    """Rewrite the fixture from a fixed game on the mini scenario."""
    sys.path.insert(0, str(HERE.parent))
    from game.engine import Decision, Game
    from game.loading.loader import load_content

    content = load_content([HERE / "fixtures" / "mini"])
    game = Game.new(content, 11)
    for move in ("act:consult", "choose:accept", "act:speech"):
        game.apply(Decision.parse(move))
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    doc = v1_document(game, "Hanako Sato", "TEST-1234")
    FIXTURE.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="ascii")
    print(f"wrote {FIXTURE.relative_to(HERE.parent)}: turn {game.turn}, digest {game.digest()}")


if __name__ == "__main__":
    main()
