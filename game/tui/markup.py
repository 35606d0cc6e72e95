"""The scenario's Markdown as Rich renderables, without loading a Markdown parser.

Card bodies, the briefing, the model's assumptions and the epilogues are
Markdown. Rich's ``Markdown`` renders them well, but importing it brings in
markdown-it and Pygments (through ``rich.syntax``), a large share of the game's
start-up time and memory (``benchmarks/startup.py`` shows the figures), for
texts that use only a small part of the language:
paragraphs, ``**bold**``, ``*italic*``/``_italic_``, ```code```, bullet and
numbered lists, ``#`` headings, ``[links](url)`` and line breaks.

:func:`markdown` renders that subset itself, to the same output as Rich's
``Markdown`` (the same ``markdown.*`` theme styles, bullets, numbering,
indents and blank lines between blocks). It is deliberately strict: a text
that uses anything else, or anything it is not sure to read as CommonMark does
(block quotes, code fences or indented code, tables, HTML, entities, rules,
setext headings, nested lists, an unpaired ``*`` or ``_``, ...) is handed to
Rich's ``Markdown``, imported only then. So an unusual text costs the import
once, and is never shown differently from before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.segment import Segment
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType


class _Unsupported(Exception):
    """The text uses Markdown outside the subset: Rich's Markdown renders it instead."""


def markdown(text: str) -> RenderableType:
    """``text`` (Markdown) as a Rich renderable that looks as Rich's ``Markdown`` would."""
    try:
        return Blocks(parse_blocks(text))
    except _Unsupported:
        from rich.markdown import Markdown  # the full parser, for what the subset lacks

        return Markdown(text)


def is_simple(text: str) -> bool:
    """Whether :func:`markdown` renders ``text`` itself (without Rich's Markdown)."""
    try:
        parse_blocks(text)
    except _Unsupported:
        return False
    return True


# ---------------------------------------------------------------------- blocks


@dataclass
class ListBlock:
    """A bullet or numbered list; each item is one paragraph."""

    ordered: bool
    marker: str
    """The bullet character, or the number's delimiter (``.`` or ``)``)."""
    start: int = 1
    items: list[Text] = field(default_factory=list)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Any]:
        """Items one under another, wrapped beside the bullet or number (as Rich does)."""
        new_line = Segment("\n")
        if self.ordered:
            last = self.start + len(self.items)
            width = len(str(last)) + 2
            style = console.get_style("markdown.item.number", default="none")
            marks = [Segment(f"{n}".rjust(width - 1) + " ", style)
                     for n in range(self.start, last)]
        else:
            width = 3
            style = console.get_style("markdown.item.bullet", default="none")
            marks = [Segment(" • ", style)] * len(self.items)
        padding = Segment(" " * width, style)
        item_options = options.update(width=options.max_width - width)
        item_style = console.get_style("markdown.item", default="none")
        for mark, item in zip(marks, self.items, strict=True):
            lines = console.render_lines(item, item_options, style=item_style)
            for i, line in enumerate(lines):
                yield mark if i == 0 else padding
                yield from line
                yield new_line


class Blocks:
    """Paragraphs, headings and lists, a blank line between each (Rich's layout)."""

    def __init__(self, blocks: list[Text | ListBlock]) -> None:
        """The parsed blocks, in order."""
        self.blocks = blocks

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Any]:
        """Each block in turn, separated by an empty line (and, as in Rich, a list that
        opens the text is preceded by one)."""
        options = options.update(height=None)
        for i, block in enumerate(self.blocks):
            if i or isinstance(block, ListBlock):
                yield Segment.line()
            yield from console.render(block, options)


_HEADING = re.compile(r"(#{1,6})(?: +(.*?))? *$")
_MARKER = re.compile(r"(?:(?P<bullet>[-+*])|(?P<number>\d{1,9})(?P<delim>[.)]))"
                     r"(?P<space> +)(?P<text>.*)$")
# Lines that start a construct outside the subset: rules and setext underlines, code
# fences, block quotes, HTML blocks, link reference definitions, empty list items.
_OTHER_BLOCK = re.compile(r"(?:(?:[-*_] *){3,}$|=+ *$|-+ *$|```|~~~|>|<|\[[^\]]*\]:"
                          r"|[-+*] *$|\d{1,9}[.)] *$)")
# Characters whose meaning the subset does not handle anywhere in a text: tabs and
# carriage returns (indentation rules), table pipes, NUL, form feeds.
_UNSUPPORTED_CHARS = re.compile(r"[\t\r|\x00\x0b\x0c]")
_HEADING_STYLES = {n: f"markdown.h{n}" for n in range(1, 7)}


def parse_blocks(text: str) -> list[Text | ListBlock]:
    """The blocks of ``text``; raises :class:`_Unsupported` for anything outside the subset.

    Paragraphs, ``#`` headings and lists of one-paragraph items, read by CommonMark's
    rules (a list interrupts a paragraph unless it is numbered from other than 1;
    a line under a list item goes on with the item's text).
    """
    if _UNSUPPORTED_CHARS.search(text):
        raise _Unsupported
    blocks: list[Text | ListBlock] = []
    para: list[str] | None = None  # the open top-level paragraph's lines
    lst: ListBlock | None = None
    item: list[str] = []  # the open list item's lines
    offset = 0  # the open list item's text column (deeper lines belong to the item)
    blank = False

    def close_para() -> None:
        nonlocal para
        if para is not None:
            blocks.append(paragraph(para))
            para = None

    def close_list() -> None:
        nonlocal lst
        if lst is not None:
            lst.items.append(paragraph(item))
            blocks.append(lst)
            lst = None

    def start_item(marker: re.Match[str], indent: int) -> None:
        nonlocal item, offset
        if len(marker.group("space")) > 4:
            raise _Unsupported  # the item starts with an indented code block
        first = marker.group("text")
        if _OTHER_BLOCK.match(first) or _MARKER.match(first) or _HEADING.match(first):
            raise _Unsupported  # a list, heading or quote inside the item
        item = [first]
        offset = indent + marker.end("space")

    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        if not stripped.rstrip(" "):
            close_para()
            blank = True
            continue
        indent = len(line) - len(stripped)
        if _OTHER_BLOCK.match(stripped):
            raise _Unsupported
        marker = _MARKER.match(stripped)
        heading = _HEADING.match(stripped)
        # A numbered line from other than 1 cannot interrupt a paragraph ("2014) and").
        number = marker.group("number") if marker else None
        interrupts = marker is not None and (number is None or int(number) == 1)
        if lst is not None:
            if indent >= offset:  # inside the item
                if blank or heading or interrupts:
                    raise _Unsupported  # a second paragraph, a heading, a nested list
                item.append(line[offset:])
                continue
            if marker and indent < 4 and (marker.group("delim") == lst.marker if lst.ordered
                                          else marker.group("bullet") == lst.marker):
                lst.items.append(paragraph(item))  # the next item of this list
                start_item(marker, indent)
                blank = False
                continue
            if not blank:
                if marker or (heading and indent >= 4):
                    # Another kind of list, or (markdown-it's reading) a block under the
                    # item's indent that ends it.
                    raise _Unsupported
                if not heading:
                    item.append(line[indent:])  # the item's text goes on lazily
                    continue
            close_list()
        blank = False
        if indent >= 4:
            if para is None:
                raise _Unsupported  # an indented code block
            para.append(line)  # indented lines cannot interrupt a paragraph
        elif heading:
            close_para()
            blocks.append(heading_text(heading))
        elif marker and (interrupts or para is None):
            close_para()
            if number:
                lst = ListBlock(True, marker.group("delim"), int(number))
            else:
                lst = ListBlock(False, marker.group("bullet"))
            start_item(marker, indent)
        elif para is not None:
            para.append(line)
        else:
            para = [line]
    close_para()
    close_list()
    return blocks


def heading_text(match: re.Match[str]) -> Text:
    """A ``#`` heading: its level's style, the top level centred (as Rich does)."""
    level = len(match.group(1))
    content = match.group(2) or ""
    if not content.strip() or content.endswith("#"):
        raise _Unsupported  # empty, or a closing sequence of #s
    if content[0] in _ODD_SPACES or content[-1] in _ODD_SPACES:
        raise _Unsupported
    text = inline(content, _HEADING_STYLES[level])
    text.justify = "center" if level == 1 else "left"
    return text


def paragraph(lines: list[str]) -> Text:
    """The lines of a paragraph (less their container's indent) as one wrapped,
    left-justified text."""
    source = "\n".join(lines).strip(" ")
    if source[0] in _ODD_SPACES or source[-1] in _ODD_SPACES:
        raise _Unsupported
    text = inline(source, "markdown.paragraph")
    text.justify = "left"
    return text


# ---------------------------------------------------------------------- inline

# Whitespace and punctuation as markdown-it judges them for emphasis (CommonMark).
_WHITESPACE = frozenset("\t\n\x0b\x0c\r \xa0\u1680\u202f\u205f\u3000" +
                        "".join(chr(c) for c in range(0x2000, 0x200B)))
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# Constructs the subset leaves to Rich: HTML and autolinks, entities, strikethrough,
# images, and brackets that are not a plain [text](url) link.
_INLINE_UNSUPPORTED = re.compile(r"<[A-Za-z/!?]|~~|!\["
                                 r"|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_LINK = re.compile(r"\[([^\[\]\\`]*)\]\(([A-Za-z0-9\-._~:/?#@!$&'*+,;=%]*)\)")
# markdown-it refuses some schemes (javascript:...) and escapes stray % signs: leave
# any such link to Rich.
_SAFE_URL = re.compile(r"(?:(?:https?|mailto):|(?![A-Za-z][A-Za-z0-9+.\-]*:))"
                       r"(?:[^%]|%[0-9A-Fa-f]{2})+$")
# Spaces other than " " that markdown-it trims from the ends of a paragraph or heading.
_ODD_SPACES = frozenset(_WHITESPACE - {" ", "\t", "\n"}) | {"\u2028", "\u2029"}


def _is_punct(ch: str) -> bool:
    if ch in _ASCII_PUNCT:
        return True
    if ch < "\x80":
        return False
    import unicodedata  # only for non-ASCII neighbours of * and _

    return unicodedata.category(ch).startswith(("P", "S"))


@dataclass
class _Delim:
    """A run of ``*`` or ``_`` that may open or close emphasis."""

    char: str
    count: int
    can_open: bool
    can_close: bool
    node: int
    """Its index in the node list (a text node holding the run's characters)."""
    length: int = 0

    def __post_init__(self) -> None:
        self.length = self.count


def _scan_delims(src: str, start: int) -> _Delim:
    """A run of delimiters at ``start``: whether it can open or close (markdown-it's rules)."""
    char = src[start]
    end = start
    while end < len(src) and src[end] == char:
        end += 1
    last = src[start - 1] if start > 0 else " "
    nxt = src[end] if end < len(src) else " "
    last_punct, next_punct = _is_punct(last), _is_punct(nxt)
    last_space, next_space = last in _WHITESPACE, nxt in _WHITESPACE
    left = not (next_space or (next_punct and not (last_space or last_punct)))
    right = not (last_space or (last_punct and not (next_space or next_punct)))
    if char == "*":
        can_open, can_close = left, right
    else:
        can_open = left and (not right or last_punct)
        can_close = right and (not left or next_punct)
    return _Delim(char, end - start, can_open, can_close, node=-1)


def inline(src: str, base: str) -> Text:
    """Inline Markdown to styled text: emphasis, code, links, line breaks; every span on
    top of the block's ``base`` style."""
    if _INLINE_UNSUPPORTED.search(src):
        raise _Unsupported
    # Nodes: [kind, text, styles]; kind is "text", "delim", "code", "break" or "link".
    nodes: list[list[Any]] = []
    delims: list[_Delim] = []
    links: list[tuple[int, str]] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            nodes.append(["text", "".join(pending)])
            pending.clear()

    i, n = 0, len(src)
    while i < n:
        ch = src[i]
        if ch == "\\":
            nxt = src[i + 1] if i + 1 < n else ""
            if nxt == "\n":
                flush()
                nodes.append(["break", "\n"])
                i += 2
                while i < n and src[i] == " ":
                    i += 1
                continue
            if nxt:
                # An escape is a piece of its own (spaces after it are not trailing
                # spaces of the text before); before other characters it stays as typed.
                pending.append(nxt if nxt in _ASCII_PUNCT else ch + nxt)
                flush()
                i += 2
                continue
            pending.append(ch)
            i += 1
        elif ch == "\n":
            # Two trailing spaces make a hard break; otherwise the line break is a space.
            trailing = len("".join(pending)) - len("".join(pending).rstrip(" "))
            text = "".join(pending).rstrip(" ")
            pending.clear()
            if text:
                pending.append(text)
            flush()
            nodes.append(["break", "\n" if trailing >= 2 else " "])
            i += 1
            while i < n and src[i] == " ":
                i += 1
        elif ch == "`":
            end = i
            while end < n and src[end] == "`":
                end += 1
            run = end - i
            close = _find_backticks(src, end, run)
            if close < 0:
                pending.append(src[i:end])  # no closing run: the backticks are text
                i = end
                continue
            code = src[end:close].replace("\n", " ")
            if len(code) > 1 and code[0] == " " and code[-1] == " " and code.strip(" "):
                code = code[1:-1]
            flush()
            nodes.append(["code", code])
            i = close + run
        elif ch in "*_":
            delim = _scan_delims(src, i)
            if not (delim.can_open or delim.can_close):
                pending.append(ch * delim.count)  # x_y, 3 * 4: never emphasis, just text
                i += delim.count
                continue
            flush()
            if delim.count > 2:
                raise _Unsupported  # *** and longer runs: leave the fine rules to Rich
            delim.node = len(nodes)
            nodes.append(["delim", ch * delim.count])
            delims.append(delim)
            i += delim.count
        elif ch == "[":
            match = _LINK.match(src, i)
            if not match or not _SAFE_URL.match(match.group(2)) or not match.group(1).strip():
                raise _Unsupported
            flush()
            links.append((len(nodes), match.group(2)))
            nodes.append(["link", match.group(1)])
            i = match.end()
        elif ch == "]":
            raise _Unsupported
        else:
            pending.append(ch)
            i += 1
    flush()
    spans = _pair_emphasis(delims)
    return _assemble(nodes, spans, dict(links), base)


def _find_backticks(src: str, start: int, run: int) -> int:
    """Where the next run of exactly ``run`` backticks starts at or after ``start``, or -1."""
    i = src.find("`", start)
    while i >= 0:
        end = i
        while end < len(src) and src[end] == "`":
            end += 1
        if end - i == run:
            return i
        i = src.find("`", end)
    return -1


def _pair_emphasis(delims: list[_Delim]) -> list[tuple[int, int, str]]:
    """Match openers to closers (CommonMark's "process emphasis"); returns
    (opener node, closer node, style) triples. Raises :class:`_Unsupported` if any run
    is left unpaired or only partly paired (it would show as text): Rich renders those."""
    spans: list[tuple[int, int, str]] = []
    bottom: dict[tuple[str, bool, int], int] = {}
    for c, closer in enumerate(delims):
        if not closer.can_close or not closer.count:
            continue
        key = (closer.char, closer.can_open, closer.length % 3)
        found = -1
        for o in range(c - 1, bottom.get(key, 0) - 1, -1):
            opener = delims[o]
            if opener.char != closer.char or not opener.can_open or not opener.count:
                continue
            # The "rule of 3": a run that can both open and close pairs only with one
            # whose length does not add up to a multiple of 3 with its own.
            if ((opener.can_close or closer.can_open)
                    and (opener.length + closer.length) % 3 == 0
                    and not (opener.length % 3 == 0 and closer.length % 3 == 0)):
                continue
            found = o
            break
        if found < 0:
            bottom[key] = c
            continue
        opener = delims[found]
        if opener.count != closer.count or any(d.count for d in delims[found + 1:c]):
            raise _Unsupported  # part of a run, or a run in between, would stay text
        spans.append((opener.node, closer.node,
                      "markdown.strong" if closer.count == 2 else "markdown.em"))
        opener.count = closer.count = 0
    if any(d.count for d in delims):
        raise _Unsupported
    return spans


def _assemble(nodes: list[list[Any]], spans: list[tuple[int, int, str]],
              links: dict[int, str], base: str) -> Text:
    """Build the text: each piece appended with every style around it, outermost first
    (the order Rich's Markdown combines them in)."""
    from rich.style import Style

    opens: dict[int, list[tuple[int, str]]] = {}
    for start, end, style in spans:
        opens.setdefault(start, []).append((end, style))
    text = Text()
    active: list[tuple[int, str | Style]] = [(len(nodes), base)]

    def add(piece: str, extra: list[str | Style] | None = None) -> None:
        if not piece:
            return
        begin = len(text)
        text.append(piece)
        for _end, style in active:
            text.stylize(style, begin, len(text))
        for style in extra or ():
            text.stylize(style, begin, len(text))

    for index, (kind, value) in enumerate(nodes):
        active = [(end, style) for end, style in active if end > index]
        if kind == "delim":
            # An opener pushes its style (outer spans first: longer ones were paired later).
            for end, style in sorted(opens.get(index, ()), key=lambda s: -s[0]):
                active.append((end, style))
            continue
        if kind == "code":
            add(value, ["markdown.code"])
        elif kind == "link":
            url = links[index]
            inner = inline(value, "none")
            begin = len(text)
            text.append_text(inner)
            for _end, style in active:
                text.stylize(style, begin, len(text))
            text.stylize("markdown.link_url", begin, len(text))
            text.stylize(Style(link=url), begin, len(text))
            # The link's own emphasis goes on top, as it sits inside the link in Rich.
            for span in inner.spans:
                text.stylize(span.style, begin + span.start, begin + span.end)
        else:
            add(value)
    return text
