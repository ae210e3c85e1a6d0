"""Safe YAML loading that remembers where every value came from.

Authors need ``file:line:col`` for every problem, so we compose the node graph ourselves and
keep a position for each path. Composing also lets us refuse object-building tags, duplicate
keys and alias bombs before any value is built. libyaml's C composer (which keeps line marks)
does the scanning when PyYAML was built with it, about ten times faster than the pure one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from trainer.formats import cache
from trainer.formats.diagnostics import Diagnostic, InvalidFile

YamlPath = tuple[str | int, ...]

# Plain YAML types only; anything else (python/object, !!binary, custom tags) is refused.
_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
}
# A real scenario has a few thousand nodes; an alias bomb has billions.
MAX_NODES = 200_000

# The C composer when PyYAML has libyaml; both produce the same nodes and marks.
Composer: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Document:
    """A loaded YAML file: plain data plus the 1-based position of each path."""

    path: str
    data: Any
    positions: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: YamlPath) -> tuple[int, int]:
        """The position of ``path``, or of its nearest ancestor that has one."""
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def problem(
        self, path: YamlPath, code: str, message: str, fix: str | None = None
    ) -> Diagnostic:
        line, col = self.where(path)
        return Diagnostic(self.path, line, col, code, message, fix=fix)


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.count = 0
        self.problems: list[Diagnostic] = []
        self._loader = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: YamlPath, active: frozenset[int]) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig()
        mark = node.start_mark
        self.doc.positions.setdefault(path, (mark.line + 1, mark.column + 1))
        if node.tag not in _SAFE_TAGS:
            self.problems.append(
                self.doc.problem(
                    path,
                    "TCT004",
                    f"the tag {node.tag!r} is not allowed",
                    "remove the tag; scenario files hold plain text, numbers, lists and mappings",
                )
            )
            return None
        if id(node) in active:
            raise _TooBig()
        if isinstance(node, yaml.MappingNode):
            inner = active | {id(node)}
            result: dict[Any, Any] = {}
            self._loader.flatten_mapping(node)
            for key_node, value_node in node.value:
                # Keys stay text as written: YAML 1.1 would read `on:` or `no:` as booleans.
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag in _SAFE_TAGS:
                    key: Any = key_node.value
                else:
                    key = str(self.build(key_node, path, inner))
                if key in result:
                    self.problems.append(
                        Diagnostic(
                            self.doc.path,
                            key_node.start_mark.line + 1,
                            key_node.start_mark.column + 1,
                            "TCT006",
                            f"the key {key!r} appears twice in this mapping",
                            fix="keep one of them",
                        )
                    )
                child = (*path, str(key))
                self.doc.positions[child] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
                result[key] = self.build(value_node, child, inner)
            return result
        if isinstance(node, yaml.SequenceNode):
            inner = active | {id(node)}
            return [self.build(item, (*path, i), inner) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._loader.construct_object(node, deep=True)


class _TooBig(Exception):
    pass


def parse(text: str, path: str = "<string>") -> Document:
    """Parse YAML text; raise :class:`InvalidFile` with located problems."""
    doc = Document(path, None)
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise InvalidFile(
            [Diagnostic(path, 1, 1, "TCT003", "the file is empty", fix="add the file's content")]
        )
    try:
        root = yaml.compose(text, Loader=Composer)
    except yaml.MarkedYAMLError as exc:
        raise InvalidFile([_syntax_problem(exc, text, path)]) from None
    except yaml.YAMLError as exc:
        raise InvalidFile([Diagnostic(path, 1, 1, "TCT002", f"YAML error: {exc}")]) from None
    if root is None:
        raise InvalidFile([Diagnostic(path, 1, 1, "TCT003", "the file is empty")])
    builder = _Builder(doc)
    try:
        doc.data = builder.build(root, (), frozenset())
    except _TooBig:
        raise InvalidFile(
            [
                Diagnostic(
                    path,
                    1,
                    1,
                    "TCT005",
                    f"the file expands to more than {MAX_NODES} values through aliases",
                    fix="write the values out instead of nesting anchors and aliases",
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise InvalidFile([Diagnostic(path, 1, 1, "TCT002", f"YAML error: {exc}")]) from None
    if builder.problems:
        raise InvalidFile(builder.problems)
    return doc


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, path: str) -> Diagnostic:
    """A located TCT002 for a composer error, at the line the author has to fix."""
    lines = text.splitlines()
    mark = exc.problem_mark or exc.context_mark
    what = exc.problem or "invalid YAML"
    context = exc.context or ""
    ctx = exc.context_mark
    if ctx is not None and "quoted scalar" in context and ctx.line < len(lines):
        # libyaml says "a quoted scalar"; name the quote the author typed.
        opening = lines[ctx.line][ctx.column : ctx.column + 1]
        quote = "double" if opening == '"' else "single"
        context = f"while scanning a {quote}-quoted scalar"
    if context:
        what = f"{context}, {what}"
    fix = "check the indentation and quoting on this line"
    # An unclosed quote is found far from where it opened; point at the opening.
    if ctx is not None and "scalar" in context and mark is not None:
        if ctx.line != mark.line:
            what += f" (noticed on line {mark.line + 1})"
        mark = ctx
    elif mark is not None and _is_indentation(what):
        culprit = misindented_line(lines, mark.line)
        if culprit is not None and culprit[0] != mark.line:
            line, col, expected = culprit
            return Diagnostic(
                path,
                line + 1,
                col + 1,
                "TCT002",
                f"YAML syntax error: this line is indented to column {col + 1}, but the lines "
                f"of its block are at column {expected + 1} (noticed on line {mark.line + 1})",
                fix=f"indent this line to column {expected + 1}, like the lines of its block",
            )
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Diagnostic(path, line, col, "TCT002", f"YAML syntax error: {what}", fix=fix)


_INDENT_ERRORS = ("block end", "expected key", "'-' indicator", "mapping values are not allowed")


def _is_indentation(what: str) -> bool:
    return any(words in what for words in _INDENT_ERRORS)


_KEY_LINE = re.compile(r"^( *)(?:- +)*(?:'[^']*'|\"[^\"]*\"|[^\s#'\"\[{&*!|>%@`-][^:#]*?|-[^\s:#][^:#]*?) *:(?: |$)")
_ITEM_LINE = re.compile(r"^( *)-(?: |$)")
_BLOCK_SCALAR = re.compile(r"^[|>][-+0-9]*\s*(?:#.*)?$")


@dataclass
class _KeyLine:
    line: int
    col: int
    opens: bool  # nothing after the colon: its value is the block below
    after_opener: bool = False  # the first key line after a key that opens a block
    closed: tuple[int, ...] = ()  # the block columns this line's dedent closed


def _key_lines(lines: list[str]) -> list[_KeyLine]:
    """The lines that start a key or a list item, skipping block scalars and continuations."""
    out: list[_KeyLine] = []
    scalar_above: int | None = None  # a block scalar's key column, while inside it
    scalar_col: int | None = None  # the column of its first text line
    for n, raw in enumerate(lines):
        stripped = raw.strip()
        if not stripped or (stripped.startswith("#") and scalar_above is None):
            continue
        col = len(raw) - len(raw.lstrip(" "))
        if scalar_above is not None:
            if scalar_col is None and col > scalar_above:
                scalar_col = col
            if scalar_col is not None and col >= scalar_col:
                continue
            scalar_above = scalar_col = None
            if stripped.startswith("#"):
                continue
        key = _KEY_LINE.match(raw)
        if key is None and _ITEM_LINE.match(raw) is None:
            continue  # a continuation of a plain, quoted or flow value
        rest = (raw[key.end() :] if key else raw.strip()[1:]).strip()
        if _BLOCK_SCALAR.match(rest):
            scalar_above = col
        opens = not rest or rest.startswith("#")
        after = bool(out) and out[-1].opens
        out.append(_KeyLine(n, col, opens and key is not None, after))
    return out


def _blame(earlier: _KeyLine, k: _KeyLine, keys: list[_KeyLine], i: int, step: int) -> _KeyLine:
    """Which of two keys that disagree is misindented: ``earlier`` (a key above ``k`` that
    set the column ``k`` does not fit) or ``k`` itself."""
    if (earlier.col % step == 0) != (k.col % step == 0):
        return earlier if earlier.col % step else k  # the one off the file's indent grid
    if k.col in earlier.closed:
        return earlier  # ``earlier`` left the block that ``k`` carries on
    follows = keys[i + 1].col if i + 1 < len(keys) else None
    if earlier.after_opener and earlier.col < k.col and follows != earlier.col:
        return earlier  # a block's first key, alone at its column, with the rest deeper
    return k


def misindented_line(lines: list[str], upto: int) -> tuple[int, int, int] | None:
    """(line, column, expected column), 0-based, of the key line that breaks its block's
    indentation, for a composer error on line ``upto``; or None.

    A composer notices a dedented key only when a later line no longer fits (a dedented first
    child makes its siblings look over-indented), so its error line is often late. This walks
    the key lines once, keeping the columns of the open blocks.
    """
    keys = _key_lines(lines)
    rises = Counter(b.col - a.col for a, b in zip(keys, keys[1:], strict=False) if b.col > a.col)
    step = rises.most_common(1)[0][0] if rises else 2
    levels: list[int] = []
    prev: _KeyLine | None = None
    last_at: dict[int, _KeyLine] = {}  # the last key seen at each open level
    for i, k in enumerate(keys):
        if k.line > upto:
            break
        popped = []
        while levels and k.col < levels[-1]:
            popped.append(levels.pop())
        k.closed = tuple(popped)
        if popped and (not levels or k.col > levels[-1]):
            # Between two levels: no open block is at this column.
            holder = last_at.get(levels[-1]) if levels else None
            if holder is not None and _blame(holder, k, keys, i, step) is holder:
                return holder.line, holder.col, k.col
            return k.line, k.col, min(popped, key=lambda c: abs(c - k.col))
        if levels and k.col == levels[-1]:
            last_at[k.col] = k
        elif prev is None or (prev.opens and k.col > prev.col):
            levels.append(k.col)
            last_at[k.col] = k
        elif k.col > prev.col:
            # Deeper than a key whose value is on its own line: one of the two is off.
            if _blame(prev, k, keys, i, step) is prev:
                return prev.line, prev.col, k.col
            return k.line, k.col, prev.col
        prev = k
    return None


def load(path: str | Path) -> Document:
    """Read and parse a YAML file, reporting unreadable or non-UTF-8 files as problems.

    A file that parsed before is read back from the cache (keyed by its bytes); only good
    files are cached, so every problem is found afresh.
    """
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InvalidFile(
            [Diagnostic(name, 1, 1, "TCT001", f"cannot read the file: {exc.strerror}")]
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InvalidFile(
            [
                Diagnostic(
                    name,
                    line,
                    col,
                    "TCT001",
                    f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x})",
                    fix="save the file as UTF-8",
                )
            ]
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    key = cache.digest(raw)
    cached = cache.get("document", key, __file__)
    if isinstance(cached, Document):
        cached.path = name  # the same bytes may live at another path
        return cached
    doc = parse(text, name)
    cache.put("document", key, __file__, doc)
    return doc
