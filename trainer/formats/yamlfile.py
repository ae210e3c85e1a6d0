"""Safe YAML loading that remembers where every value came from.

Authors need ``file:line:col`` for every problem, so we compose the node graph ourselves and
keep a position for each path. Composing also lets us refuse object-building tags, duplicate
keys and alias bombs before any value is built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

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
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{exc.context}, {what}"
        # An unclosed quote is found far from where it opened; point at the opening.
        ctx = exc.context_mark
        if ctx is not None and exc.context and "scalar" in exc.context and mark is not None:
            if ctx.line != mark.line:
                what += f" (noticed on line {mark.line + 1})"
            mark = ctx
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise InvalidFile(
            [
                Diagnostic(
                    path,
                    line,
                    col,
                    "TCT002",
                    f"YAML syntax error: {what}",
                    fix="check the indentation and quoting on this line",
                )
            ]
        ) from None
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


def load(path: str | Path) -> Document:
    """Read and parse a YAML file, reporting unreadable or non-UTF-8 files as problems."""
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
    return parse(text, name)
