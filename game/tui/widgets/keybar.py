"""The key bar at the foot of every screen: each key the screen offers, clickable.

It shows what Textual's Footer shows (the active bindings marked ``show``,
and Ctrl+P for the command palette) as one line of text in one widget. The
Footer builds a widget per key and rebuilds them all whenever the bindings
change (after every focus change or move), the largest single cost of opening
the game screen (``benchmarks/ui_latency.py``); this bar only re-renders its line.
A click on a key presses it, as the Footer does.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.content import Content
from textual.widget import Widget

KEY_STYLE = "bold $footer-key-foreground"
DESCRIPTION_STYLE = "$footer-description-foreground"
DISABLED_STYLE = "$text-disabled"


class KeyBar(Widget):
    """One line listing the screen's keys; click one to press it."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
    }
    """

    def __init__(self, **kwargs: Any) -> None:
        """Empty until the screen's bindings are known."""
        super().__init__(**kwargs)
        self._items: list[tuple[str, str, str, bool]] = []
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        """Follow the screen's bindings."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        """Stop following them."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Any) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        seen: set[str] = set()
        items = []
        palette = None
        for _node, binding, enabled, _tooltip in screen.active_bindings.values():
            if binding.action == "command_palette" and self.app.ENABLE_COMMAND_PALETTE:
                palette = (binding.key, self.app.get_key_display(binding), "palette", enabled)
                continue
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            items.append((binding.key, self.app.get_key_display(binding),
                          binding.description, enabled))
        if palette is not None:
            items.append(palette)
        if items != self._items:
            self._items = items
            self.refresh()

    def render(self) -> Content:
        """The keys, fitted to the width: spaced, then tight, then cut with an ellipsis."""
        width = self.size.width
        items = self._items
        # Roomier first; then tighter; then without the palette (Ctrl+P is on the help
        # screen); then with no gaps at all.
        for gap, keep_palette in (("  ", True), (" ", True), (" ", False), ("", False)):
            shown = items if keep_palette else [i for i in items if i[2] != "palette"]
            content, spans = self._build(shown, gap)
            if content.cell_length <= width:
                break
        self._spans = spans
        if content.cell_length > width > 1:
            content = content.truncate(width - 1).append("…")
        return content

    @staticmethod
    def _build(items: list[tuple[str, str, str, bool]], gap: str
               ) -> tuple[Content, list[tuple[int, int, str]]]:
        parts: list[Any] = []
        spans: list[tuple[int, int, str]] = []
        pos = 0
        for key, display, description, enabled in items:
            text_key = f" {display} "
            style_key = KEY_STYLE if enabled else DISABLED_STYLE
            style_desc = DESCRIPTION_STYLE if enabled else DISABLED_STYLE
            piece = text_key + description + gap
            parts += [(text_key, style_key), (description, style_desc), gap]
            spans.append((pos, pos + len(piece), key))
            pos += len(piece)
        return Content.assemble(*parts), spans

    def on_click(self, event: events.Click) -> None:
        """Press the key under the pointer."""
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
