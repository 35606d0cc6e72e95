"""Reading YAML content files: plain data when they are right, precise when they are wrong.

* :func:`read_yaml` parses a file with PyYAML's safe loader (its C parser when
  libyaml is there), adding what PyYAML leaves out: duplicate keys, which it
  otherwise drops silently (keeping the last one), are reported, each at its line.
* :class:`SourceMap` composes the node tree again, but only when something is
  wrong. It maps a pydantic error ``loc`` back to the line and column of the
  offending node, and :func:`validation_problems` turns every pydantic error
  into a :class:`~game.loading.problems.Problem` a content author can act on.

:func:`yaml11_warnings` flags the YAML 1.1 pitfall where an unquoted ``yes``,
``no``, ``on`` or ``off`` silently becomes a boolean.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import pydantic
import yaml
from pydantic import BaseModel
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from game.loading.problems import Problem

__all__ = [
    "HAVE_LIBYAML",
    "SourceMap",
    "YamlFileError",
    "read_yaml",
    "validation_problems",
    "yaml11_warnings",
]

try:
    from yaml import CSafeLoader as _SafeLoaderBase

    HAVE_LIBYAML = True
    """True when PyYAML's C extension (libyaml) is available; loading is much faster."""
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoaderBase  # type: ignore[assignment]

    HAVE_LIBYAML = False

_MERGE_TAG = "tag:yaml.org,2002:merge"
_BOOL_TAG = "tag:yaml.org,2002:bool"


# --------------------------------------------------------------------------- errors


class YamlFileError(Exception):
    """A content file that could not be read at all: bad syntax or duplicate keys.

    ``problems`` holds every problem found (all duplicate keys at once, or the one
    syntax error, since a parser cannot go on past it).
    """

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems: list[Problem] = problems

    def __str__(self) -> str:
        return "\n".join(p.format() for p in self.problems)


# --------------------------------------------------------------------------- reading


_ANCHOR = re.compile(r"&[^\s]")
"""Text that may hold a YAML anchor: an ampersand before a non-space character (a
superset: "Q&A" counts too, and only costs the check)."""


class _Loader(_SafeLoaderBase):
    """PyYAML's safe loader (C parser when available) that notices lost keys.

    A dict built from ``n`` key/value pairs has ``n`` entries unless two keys are
    equal, so comparing two lengths per mapping tells whether any key was lost,
    at no visible cost. A merge key (``<<: *base``) may override a merged key on
    purpose, which also loses one; :func:`_find_duplicates` then tells the two apart.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.lost_keys = False
        # An alias needs an anchor (``&name``), so text without one has no alias
        # to expand and the graph walk of check_aliases can be skipped.
        self.may_alias = _ANCHOR.search(stream) is not None

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        """Build a dict as PyYAML does, noting whether a key was lost."""
        mapping = super().construct_mapping(node, deep=deep)
        if len(mapping) != len(node.value):
            self.lost_keys = True
        return mapping

    def get_single_data(self) -> Any:
        """Compose the document, refuse an alias bomb (see :func:`check_aliases`), then
        construct it as PyYAML does."""
        node = self.get_single_node()
        if node is None:
            return None
        if self.may_alias:
            check_aliases(node)
        return self.construct_document(node)

    def construct_yaml_int(self, node: ScalarNode) -> Any:
        """A whole number as PyYAML reads it; one too long to read is a located error.

        (Python refuses to read a number of more than 4,300 digits from text, with a
        ValueError, which is no YAMLError.)
        """
        try:
            return super().construct_yaml_int(node)
        except (ValueError, OverflowError):
            digits = sum(ch.isdigit() for ch in str(node.value))
            raise ConstructorError(
                None, None,
                f"this number has {digits:,} digits, too many to read "
                "(numbers in content stay within ±1,000,000)", node.start_mark
            ) from None

    def construct_yaml_timestamp(self, node: ScalarNode) -> Any:
        """A date or time as PyYAML reads it; an impossible one is a located error.

        (PyYAML lets the ValueError of ``2014-13-01`` escape, which is no YAMLError.)
        """
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:
            raise ConstructorError(
                None, None, f"'{node.value}' is not a valid date ({exc})", node.start_mark
            ) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)


class AliasError(yaml.MarkedYAMLError):
    """A document whose aliases expand past the limit, or refer to themselves."""


ALIAS_GROWTH = 100_000
"""How many values aliases may add to a file (``*name`` repeats what ``&name``
marks); a file larger than a quarter of that may grow by four times its own size."""


def check_aliases(root: Node) -> None:
    """Refuse a node graph that aliases expand past the limit, or that holds a cycle.

    YAML aliases share one node, so a few hundred bytes can describe billions of
    values (a "billion laughs" or alias bomb): a card nesting ten aliases seven
    levels deep took 102 s and 7.5 GB to check. The graph is walked once (every
    shared node counted once, in time and memory linear in the file), adding up
    the size each node would have once its aliases are copied out. Raises
    :class:`AliasError` at the first node whose size passes the limit.
    """
    size: dict[int, int] = {}
    open_: set[int] = set()  # nodes on the current path (a repeat is a cycle)
    own = 0
    # A first pass counts the file's own nodes, to set the limit.
    seen: set[int] = set()
    todo: list[Node] = [root]
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        own += 1
        todo.extend(_children(node))
    limit = own + max(ALIAS_GROWTH, 4 * own)
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        nid = id(node)
        if done:
            open_.discard(nid)
            total = 1 + sum(size[id(child)] for child in _children(node))
            if total > limit:
                raise AliasError(
                    None, None,
                    f"aliases make this entry expand to more than {limit:,} values "
                    "(an alias bomb?)", node.start_mark)
            size[nid] = total
            continue
        if nid in size:
            continue
        if nid in open_:
            raise AliasError(None, None, "an alias here refers to an entry that contains it, "
                             "so the data would never end", node.start_mark)
        open_.add(nid)
        stack.append((node, True))
        for child in _children(node):
            if id(child) not in size:
                stack.append((child, False))


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def read_yaml(text: str, path: str) -> Any:
    """Parse one YAML document with the safe (C when available) loader.

    Returns plain Python data (dicts, lists, str, int, float, bool, None, dates).
    Only YAML's standard tags are accepted; ``!!python/...`` and other tags are
    a syntax problem, never executed.

    Raises :class:`YamlFileError` listing every duplicate key (with the line of
    the first occurrence), or the syntax error, each located as ``line:col``.
    """
    loader: _Loader | None = None
    try:
        # Inside the try: the pure-Python reader already checks characters here.
        loader = _Loader(text)
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        raise YamlFileError([_syntax_problem(exc, text, path)]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if loader.lost_keys:
        duplicates = _find_duplicates(text)
        if duplicates:
            raise YamlFileError(_duplicate_problems(duplicates, path))
    return data


def _find_duplicates(text: str) -> list[tuple[Node, Node]]:
    """(first key node, repeated key node) of every key written twice in one mapping.

    Reads the node tree, where each mapping still holds only the pairs written in
    it (merged ones are added when the data is built), so a key that overrides a
    merged one is no duplicate. Only called on text that has just parsed.
    """
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        found: list[tuple[Node, Node]] = []
        stack: list[Node] = [root] if root is not None else []
        seen: set[int] = set()
        while stack:
            node = stack.pop()
            if id(node) in seen:  # an alias: the same node again
                continue
            seen.add(id(node))
            if isinstance(node, MappingNode):
                first: dict[Any, Node] = {}
                for key_node, value_node in node.value:
                    stack += (key_node, value_node)
                    if key_node.tag == _MERGE_TAG:
                        continue
                    key = loader.construct_object(key_node, deep=True)
                    if key in first:
                        found.append((first[key], key_node))
                    else:
                        first[key] = key_node
            elif isinstance(node, SequenceNode):
                stack += node.value
        return found
    finally:
        loader.dispose()


def _duplicate_problems(duplicates: list[tuple[Node, Node]], path: str) -> list[Problem]:
    problems = []
    for first, again in duplicates:
        line, col = _mark_position(again)
        first_line, _ = _mark_position(first)
        problems.append(
            Problem(
                path,
                line,
                col,
                f"duplicate key '{_key_text(again)}' (first at line {first_line})",
                hint="YAML keeps only the last one; remove or rename one of them",
            )
        )
    problems.sort(key=lambda p: (p.line, p.col))
    return problems


def _key_text(node: Node) -> str:
    if isinstance(node, ScalarNode):
        return str(node.value)
    return "<complex key>"


def _mark_position(node: Node) -> tuple[int, int]:
    mark = node.start_mark
    if mark is None:
        return (0, 0)
    return (mark.line + 1, mark.column + 1)


def _syntax_problem(exc: yaml.YAMLError, text: str, path: str) -> Problem:
    """Turn a PyYAML/libyaml error into one located problem with a hint."""
    if isinstance(exc, ReaderError):
        index = exc.position
        if HAVE_LIBYAML:
            # libyaml reports a byte offset into the UTF-8 text, not a character index.
            index = len(text.encode("utf-8")[:index].decode("utf-8", "ignore"))
        line, col = _index_position(text, index)
        char = exc.character
        code = f"U+{char:04X}" if isinstance(char, int) else repr(char)
        return Problem(
            path,
            line,
            col,
            f"character {code} is not allowed in YAML",
            hint="delete it; such characters are often invisible in editors",
        )
    if not isinstance(exc, yaml.MarkedYAMLError):
        return Problem(path, 0, 0, f"cannot read YAML: {exc}", hint="check the file's syntax")

    problem = exc.problem or "invalid YAML"
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    ctx_mark = exc.context_mark
    ctx_where = f"line {ctx_mark.line + 1}, column {ctx_mark.column + 1}" if ctx_mark else ""

    if (mark is not None and _char_at(text, mark.index) == "\t") or "tab" in problem:
        return Problem(
            path, line, col, "tab character in indentation",
            hint="YAML indents with spaces only; replace the tab with spaces",
        )
    if "quoted scalar" in context and "end of stream" in problem and ctx_mark:
        # The end of the file is a useless place to point at; the opening quote is.
        return Problem(
            path, ctx_mark.line + 1, ctx_mark.column + 1, "quoted text is never closed",
            hint="add the matching closing quote",
        )
    if "mapping values are not allowed" in problem:
        return Problem(
            path, line, col, "unexpected ':' in a value",
            hint="put the value in quotes if it contains ': '",
        )
    if "block mapping" in context or "block collection" in context:
        return Problem(
            path, line, col, f"bad indentation: this line does not fit the block at {ctx_where}",
            hint="entries at the same level need the same number of spaces; "
            "list items start with '- '",
        )
    if "flow mapping" in context or "flow sequence" in context:
        closer = "}" if "mapping" in context else "]"
        return Problem(
            path, line, col, f"unclosed '{'{' if closer == '}' else '['}' opened at {ctx_where}",
            hint=f"separate items with ',' and close with '{closer}'",
        )
    if isinstance(exc, AliasError):
        return Problem(path, line, col, problem,
                       hint="an alias (*name) copies what its anchor (&name) marks: write "
                       "the entries out, or use fewer levels of aliases")
    if "undefined alias" in problem:
        return Problem(
            path, line, col, "alias refers to an anchor that is not defined",
            hint="define '&name' before using '*name'",
        )
    if "could not determine a constructor" in problem:
        tag = problem.rsplit("tag ", 1)[-1].strip("'").replace("tag:yaml.org,2002:", "!!")
        return Problem(
            path, line, col, f"tag '{tag}' is not allowed",
            hint="content files use plain YAML only; remove the '!!' tag",
        )
    if "is not a valid date" in problem:
        return Problem(
            path, line, col, problem,
            hint="write dates as YYYY-MM-DD, or put the value in quotes if it is text",
        )
    if "expected a single document" in context:
        return Problem(
            path, line, col, "a second document ('---') in the file",
            hint="keep one document per file",
        )
    if "cannot start any token" in problem:
        char = _char_at(text, mark.index) if mark else ""
        return Problem(
            path, line, col, f"a value cannot start with {char!r}" if char else problem,
            hint="put the value in quotes",
        )
    message = problem
    if context:
        message += f" ({context}" + (f" at {ctx_where})" if ctx_where else ")")
    return Problem(path, line, col, message, hint="check the YAML syntax here")


def _char_at(text: str, index: int) -> str:
    return text[index] if 0 <= index < len(text) else ""


def _index_position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, col) of a character index in ``text``."""
    before = text[:index]
    line = before.count("\n") + 1
    return (line, index - (before.rfind("\n") + 1) + 1)


# --------------------------------------------------------------------------- precise path

Part = str | int
"""One step of a pydantic error location: a field name, key, index or union tag."""


@dataclass(frozen=True, slots=True)
class _Hit:
    """One way of lining a loc up with the node tree, with how well it fits."""

    node: Node
    key_node: Node | None
    matched: int
    last_matched: bool
    at_mapping: bool


class SourceMap:
    """The composed node tree of one YAML file, to locate errors by path.

    Build it only when there is an error to report: composing costs about as much
    as loading. Aliases share the anchored node, so an error inside aliased
    content points at the anchor's definition, which is where it can be fixed.
    """

    # Enough for any real loc; guards against pathological branching.
    _MAX_ALIGNMENTS = 4096

    def __init__(self, root: Node | None, *, readable: bool = True) -> None:
        """Wrap an already composed tree (``None`` for an empty document)."""
        self.root = root
        self.readable = readable
        self._constructor = SafeConstructor()
        self._key_index: dict[int, dict[Any, tuple[Node, Node]]] = {}

    @classmethod
    def build(cls, text: str) -> SourceMap:
        """Compose ``text`` (C parser when available). Never raises.

        An unreadable text gives a map whose positions are all ``(0, 0)``
        ("somewhere in the file"); :func:`read_yaml` reports the real cause.
        """
        try:
            root = yaml.compose(text, Loader=_SafeLoaderBase)
        except yaml.YAMLError:
            return cls(None, readable=False)
        return cls(root)

    def position(
        self, loc: Sequence[Part], *, key: bool = False, missing: bool = False
    ) -> tuple[int, int]:
        """1-based ``(line, col)`` of the node at a pydantic error ``loc``.

        Parts that are keys of the current mapping (or indexes of the current
        sequence) descend; parts that are not in the data, such as the tags and
        model names pydantic adds for unions, are skipped. When a tag happens to
        equal a key, both readings are tried and the one that matches more of the
        loc wins.

        ``key=True`` (for an unknown-key error) points at the last part's key
        rather than its value. ``missing=True`` (for a missing field) points at
        the mapping that lacks the last part. If the path runs out of the data,
        the deepest node reached is given. An empty document gives ``(1, 1)``.
        """
        if not self.readable:
            return (0, 0)
        if self.root is None:
            return (1, 1)
        parts = tuple(loc)
        best: _Hit | None = None
        best_score: tuple[int, ...] = ()
        for count, hit in enumerate(self._alignments(self.root, parts, 0, 0, None, False)):
            if count >= self._MAX_ALIGNMENTS:
                break
            score = self._score(hit, parts, key=key, missing=missing)
            if best is None or score > best_score:
                best, best_score = hit, score
        assert best is not None  # the all-skipped alignment always exists
        target = best.key_node if key and best.key_node is not None else best.node
        return _mark_position(target)

    @staticmethod
    def _score(hit: _Hit, parts: tuple[Part, ...], *, key: bool, missing: bool) -> tuple[int, ...]:
        if key:
            # The unknown key itself must be found; otherwise fall back to the value.
            fits = hit.last_matched and hit.key_node is not None
        elif missing:
            # The missing field cannot be in the data; its parent must be a mapping.
            fits = not hit.last_matched and hit.at_mapping
        else:
            fits = True
        # pydantic ends a loc with a field name or index far more often than with a
        # union tag, so among equal matches prefer the reading that uses the last part.
        return (int(fits), hit.matched, int(hit.last_matched or not parts))

    def _alignments(
        self,
        node: Node,
        parts: tuple[Part, ...],
        i: int,
        matched: int,
        key_node: Node | None,
        last_matched: bool,
    ) -> Iterator[_Hit]:
        """Every way to read ``parts[i:]`` from ``node``: descend or skip each part."""
        if i == len(parts):
            yield _Hit(
                node=node,
                key_node=key_node if last_matched else None,
                matched=matched,
                last_matched=last_matched,
                at_mapping=isinstance(node, MappingNode),
            )
            return
        part = parts[i]
        child = self._child(node, part)
        if child is not None:
            child_key, child_value = child
            yield from self._alignments(child_value, parts, i + 1, matched + 1, child_key, True)
            if isinstance(part, int):
                # Indexes are never union tags: no need to try skipping one.
                return
        yield from self._alignments(node, parts, i + 1, matched, None, False)

    def _child(self, node: Node, part: Part) -> tuple[Node | None, Node] | None:
        """The (key node, value node) that ``part`` names in ``node``, if any."""
        if isinstance(node, SequenceNode):
            if isinstance(part, int) and not isinstance(part, bool) and 0 <= part < len(node.value):
                item: Node = node.value[part]
                return (None, item)
            return None
        if isinstance(node, MappingNode):
            index = self._keys_of(node)
            found = index.get(part)
            if found is None and not isinstance(part, str):
                found = index.get(str(part))
            return found
        return None

    def _keys_of(self, node: MappingNode) -> dict[Any, tuple[Node, Node]]:
        """Key -> (key node, value node) for a mapping, merge keys included."""
        cached = self._key_index.get(id(node))
        if cached is not None:
            return cached
        index: dict[Any, tuple[Node, Node]] = {}
        merged: list[Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merged.extend(
                    value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                )
                continue
            for k in self._key_values(key_node):
                index[k] = (key_node, value_node)
        # A mapping's own keys win over merged ones; earlier merges win over later.
        self._key_index[id(node)] = index  # set early: merges can be cyclic
        for source in merged:
            if isinstance(source, MappingNode):
                for k, pair in self._keys_of(source).items():
                    index.setdefault(k, pair)
        return index

    def _key_values(self, key_node: Node) -> list[Any]:
        """The ways a loc part may spell this key: its YAML value and its source text."""
        values: list[Any] = []
        if isinstance(key_node, ScalarNode):
            values.append(key_node.value)
            try:
                value = self._constructor.construct_object(key_node, deep=True)
            except yaml.YAMLError:
                return values
            if isinstance(value, Hashable) and value != key_node.value:
                values.append(value)
        return values


# --------------------------------------------------------------------------- messages


def validation_problems(
    error: pydantic.ValidationError,
    source: SourceMap,
    path: str,
    prefix: Sequence[Part] = (),
    model: Any = None,
) -> list[Problem]:
    """One :class:`Problem` per pydantic error, located and worded for authors.

    ``prefix`` is prepended to each error's loc (when the validated object sits
    inside a larger file). ``model`` is the type that was validated (a model
    class, an annotation such as ``list[Card]``, or the ``TypeAdapter`` used);
    when given, unknown-field errors list the allowed fields and suggest the
    closest one, and unrecognised-kind errors list the known kinds.
    """
    if isinstance(model, pydantic.TypeAdapter):
        # TypeAdapter keeps the type it wraps only privately; without it we merely
        # lose the field suggestions, so a missing attribute is not an error.
        model = getattr(model, "_type", None)
    problems = []
    errors = error.errors(include_url=False)
    # A number that is not finite ('.nan', '.inf') in a field that also takes text
    # fails every member of the union: say it once, as a number.
    infinite = {tuple(e["loc"])[:-1] for e in errors if e["type"] == "finite_number"}
    said: set[tuple[Any, ...]] = set()
    for err in errors:
        if infinite and tuple(err["loc"])[:-1] in infinite:
            where = tuple(err["loc"])[:-1]
            if err["type"] != "finite_number" or where in said:
                continue
            said.add(where)
        loc = tuple(err["loc"])
        full = (*prefix, *loc)
        kind = err["type"]
        line, col = source.position(
            full, key=kind == "extra_forbidden", missing=kind == "missing"
        )
        message, hint = explain(err, loc, model)
        problems.append(Problem(path, line, col, message, hint=hint))
    # Authors read a file top to bottom; pydantic's order follows the model instead.
    problems.sort(key=lambda p: (p.line, p.col))
    return problems


def explain(err: Mapping[str, Any], loc: tuple[Part, ...], model: Any) -> tuple[str, str]:
    """(message, hint) in a content author's words for one pydantic error."""
    kind: str = err["type"]
    ctx: Mapping[str, Any] = err.get("ctx") or {}
    value = err.get("input")
    shown = _describe(value)
    name = str(loc[-1]) if loc else ""

    if kind == "missing":
        return f"missing field '{name}'", f"add a line '{name}: ...' to this entry"
    if kind == "extra_forbidden":
        known = _field_names(_type_at(model, loc[:-1])) if model is not None else None
        message = f"unknown field '{name}'"
        if known:
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            if close:
                message += f" (did you mean '{close[0]}'?)"
            return message, "allowed fields: " + ", ".join(known)
        return message, "remove it or check its spelling"
    if kind in ("int_parsing", "int_type", "float_parsing", "float_type", "decimal_parsing"):
        whole = kind.startswith("int")
        hint = "write a whole number, like 3" if whole else "write a number, like 1.5"
        if isinstance(value, bool):
            hint += "; an unquoted yes/no/on/off is read as true/false"
        return f"{shown} is not a number", hint
    if kind == "finite_number":
        return (f"{shown} is not a number the game can use",
                "write a finite number, like 5 (.nan and .inf are not allowed)")
    if kind == "int_from_float":
        return f"{shown} is not a whole number", "drop the fraction"
    if kind in ("bool_parsing", "bool_type"):
        return f"{shown} is not true or false", "write true or false"
    if kind == "string_type":
        if isinstance(value, bool):
            hint = "an unquoted yes/no/on/off/true/false is read as a boolean; put it in quotes"
        elif isinstance(value, int | float):
            hint = "put it in quotes if it is meant as text"
        else:
            hint = "write text here"
        return f"expected text, got {shown}", hint
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", ""))
        choices = re.findall(r"'([^']*)'", expected)
        allowed = ", ".join(f"'{c}'" for c in choices) if choices else expected
        message = f"{shown} is not allowed here; allowed values: {allowed}"
        if isinstance(value, str) and choices:
            close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
            if close:
                message += f" (did you mean '{close[0]}'?)"
        return message, "use one of the allowed values, spelled exactly as listed"
    if kind == "union_tag_invalid":
        return (
            f"unknown kind {_describe(ctx.get('tag'))}",
            f"use one of {ctx.get('expected_tags', '')}",
        )
    if kind == "union_tag_not_found":
        tags = _union_tags(_type_at(model, loc)) if model is not None else []
        discriminator = str(ctx.get("discriminator", ""))
        if discriminator.startswith("'"):
            field = discriminator.strip("'")
            return f"missing field '{field}'", f"add '{field}: ...' to say what kind this is"
        if isinstance(value, dict):
            message = "cannot tell what kind of entry this is"
        else:
            message = f"expected an entry (a mapping), got {shown}"
        hint = "check the keys that say what kind of entry it is"
        if tags:
            hint += "; known kinds: " + ", ".join(f"'{t}'" for t in tags)
        return message, hint
    if kind in ("model_type", "model_attributes_type", "dict_type", "dataclass_type"):
        where = "the file" if not loc else "this entry"
        return (
            f"expected {where} to be a mapping (key: value lines), got {shown}",
            "write 'key: value' lines here",
        )
    if kind in ("list_type", "tuple_type", "set_type", "frozen_set_type", "iterable_type"):
        where = "the file" if not loc else "this"
        return (
            f"expected {where} to be a list, got {shown}",
            "write each item on its own line, starting with '- '",
        )
    if kind in ("too_short", "too_long"):
        bound = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        word = "at least" if kind == "too_short" else "at most"
        field = f"'{name}' " if name and not name.isdigit() else ""
        return (
            f"{field}needs {word} {bound} item(s), has {ctx.get('actual_length', '?')}",
            ("add items" if kind == "too_short" else "remove items")
            + (": a card needs two or more choices (one answer is no choice)"
               if name == "choices" and kind == "too_short" else ""),
        )
    if kind == "effect_kind" and isinstance(value, dict):
        from game.loading.schema import EFFECT_KEYS

        matches: list[list[str]] = [
            difflib.get_close_matches(str(k), EFFECT_KEYS, n=1, cutoff=0.6) for k in value]
        guess = next((m[0] for m in matches if m), None)
        return (err.get("msg", "not an effect")
                + (f" (did you mean '{guess}'?)" if guess else ""),
                "an effect is one line such as {meter: public, add: 2}")
    if kind in ("string_too_short", "string_too_long"):
        bound = ctx.get("min_length") if kind == "string_too_short" else ctx.get("max_length")
        word = "at least" if kind == "string_too_short" else "at most"
        return f"text must have {word} {bound} character(s)", ""
    bounds = {
        "greater_than": "greater than {gt}",
        "greater_than_equal": "at least {ge}",
        "less_than": "less than {lt}",
        "less_than_equal": "at most {le}",
        "multiple_of": "a multiple of {multiple_of}",
    }
    if kind in bounds:
        return f"{shown} is out of range: must be {bounds[kind].format(**ctx)}", ""
    if kind == "string_pattern_mismatch":
        return f"{shown} does not have the expected form", f"it must match {ctx.get('pattern')}"
    msg = str(err.get("msg", kind))
    for lead in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(lead)
    return msg, ""


def _describe(value: Any) -> str:
    """A short, YAML-flavoured rendering of an input value for messages."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and abs(value) > 10**40:  # (str() refuses 4,300 digits)
        return f"a number of about {int(abs(value).bit_length() * 0.30103) + 1:,} digits"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return "'" + text.replace("\n", "\\n") + "'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__


# --------------------------------------------------------------------------- model walking


def _strip(tp: Any) -> tuple[Any, list[Any]]:
    """The type inside ``Annotated[...]`` layers, with their metadata."""
    metadata: list[Any] = []
    while typing.get_origin(tp) is Annotated:
        tp, *extra = typing.get_args(tp)
        metadata.extend(extra)
    return tp, metadata


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _is_union(tp: Any) -> bool:
    origin = typing.get_origin(tp)
    return origin is typing.Union or origin is types.UnionType


def _member_names(member: Any) -> set[Part]:
    """The loc parts pydantic may use for one union member: its tag or name."""
    inner, metadata = _strip(member)
    names: set[Part] = {m.tag for m in metadata if isinstance(m, pydantic.Tag)}
    if isinstance(inner, type):
        names.add(inner.__name__)
    if _is_model(inner):
        # A str discriminator puts the Literal value of the tag field in the loc.
        for info in inner.model_fields.values():
            if typing.get_origin(info.annotation) is Literal:
                names.update(str(a) for a in typing.get_args(info.annotation))
    return names


def _type_at(tp: Any, loc: Sequence[Part], depth: int = 0) -> Any:
    """The annotation reached by following ``loc`` through a type, or None."""
    if depth > 64:  # recursive models with an endless loc cannot happen, but be safe
        return None
    tp, _ = _strip(tp)
    if not loc:
        return tp
    part, rest = loc[0], loc[1:]
    if _is_model(tp):
        for field_name, info in tp.model_fields.items():
            if part in (field_name, info.alias, info.validation_alias):
                return _type_at(info.annotation, rest, depth + 1)
        return _type_at(tp, rest, depth + 1)  # not a field: a tag or model name
    if _is_union(tp):
        members = [m for m in typing.get_args(tp) if m is not type(None)]
        for member in members:
            if part in _member_names(member):
                return _type_at(member, rest, depth + 1)
        for member in members:
            found = _type_at(member, loc, depth + 1)
            if found is not None:
                return found
        return None
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (list, set, frozenset, Sequence) and args:
        return _type_at(args[0], rest, depth + 1)
    if origin is tuple and args:
        if len(args) == 2 and args[1] is Ellipsis:
            return _type_at(args[0], rest, depth + 1)
        if isinstance(part, int) and 0 <= part < len(args):
            return _type_at(args[part], rest, depth + 1)
    if origin in (dict, Mapping) and len(args) == 2:
        return _type_at(args[1], rest, depth + 1)
    return None


def _field_names(tp: Any) -> list[str] | None:
    """The keys an author may write for a model type (aliases where set)."""
    tp, _ = _strip(tp)
    if not _is_model(tp):
        return None
    return [info.alias or name for name, info in tp.model_fields.items()]


def _union_tags(tp: Any) -> list[str]:
    """The ``Tag`` values of a discriminated union type, if it is one."""
    tp, _ = _strip(tp)
    if not _is_union(tp):
        return []
    tags: list[str] = []
    for member in typing.get_args(tp):
        _, metadata = _strip(member)
        tags.extend(str(m.tag) for m in metadata if isinstance(m, pydantic.Tag))
    return tags


# --------------------------------------------------------------------------- YAML 1.1 pitfall

# Unquoted words PyYAML turns into booleans, standing alone as a scalar (a value,
# a list item or a key). PyYAML does not convert y/n, so those are not listed.
# This is only a pre-filter, so that clean files skip composing (the node walk
# decides); it may over-match (e.g. "nO"). It starts with a plain character
# class and checks the character before it with a look-behind, because a leading
# alternation like "(?:^|[\s,])" makes Python's re much slower on a big file.
_BOOL_WORD = re.compile(
    r"[YyNnOo](?<=[\s\[{,:?-].)(?:es|ES|o|O|n|N|ff|FF)[ \t]*(?:$|#|[\r,\]}:])",
    re.MULTILINE,
)
_REAL_BOOLS = frozenset({"true", "True", "TRUE", "false", "False", "FALSE"})
_TRUE_WORDS = frozenset({"yes", "Yes", "YES", "on", "On", "ON"})


def yaml11_warnings(text: str, path: str) -> list[Problem]:
    """Warn where an unquoted ``yes``/``no``/``on``/``off`` was read as a boolean.

    YAML 1.1 (which PyYAML follows) reads these words as true/false, so a
    ``answer: no`` or a key ``on:`` silently stops being text. Only warnings:
    sometimes a boolean is meant. ``true``/``false`` are not flagged, and ``y``/``n``
    stay text in PyYAML so they need no warning. Returns ``[]`` for unreadable text.
    """
    # The newline lets the look-behind see a word at the very start of the text.
    if not _BOOL_WORD.search("\n" + text):
        return []
    try:
        root = yaml.compose(text, Loader=_SafeLoaderBase)
    except yaml.YAMLError:
        return []
    problems: list[Problem] = []
    seen: set[int] = set()
    stack: list[Node] = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:  # aliases share nodes, and may even form cycles
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            # Plain (unquoted) style is None in PyYAML's composer but "" in libyaml's.
            if node.tag == _BOOL_TAG and not node.style and node.value not in _REAL_BOOLS:
                line, col = _mark_position(node)
                meaning = "true" if node.value in _TRUE_WORDS else "false"
                problems.append(
                    Problem(
                        path,
                        line,
                        col,
                        f"'{node.value}' is read as {meaning}, not as text",
                        severity="warning",
                        hint=f"write \"{node.value}\" in quotes if you mean the word, "
                        f"or {meaning} if you mean a yes/no value",
                    )
                )
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                stack.extend((key_node, value_node))
    problems.sort(key=lambda p: (p.line, p.col))
    return problems
