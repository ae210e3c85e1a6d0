"""No function in trainer/ grows past 80 lines: past that, split it into named steps."""

from __future__ import annotations

import ast

from tests.testkit import ROOT

MAX_LINES = 80

# Known exceptions, by file and qualified name. Remove an entry once its function is split.
ALLOWED: set[tuple[str, str]] = set()


def _functions(tree: ast.AST, prefix: str = "") -> list[tuple[str, int, int]]:
    """(qualified name, first line, length) of every function and method, nested ones too."""
    out: list[tuple[str, int, int]] = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = f"{prefix}{node.name}"
            if not isinstance(node, ast.ClassDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                out.append((name, node.lineno, length))
            out += _functions(node, f"{name}.")
        else:
            out += _functions(node, prefix)
    return out


def long_functions() -> dict[tuple[str, str], str]:
    """Every function over MAX_LINES, as (file, qualified name) -> "file:line name (n lines)"."""
    found: dict[tuple[str, str], str] = {}
    for path in sorted((ROOT / "trainer").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for name, line, length in _functions(ast.parse(path.read_text("utf-8"), rel)):
            if length > MAX_LINES:
                found[(rel, name)] = f"{rel}:{line} {name} ({length} lines)"
    return found


def test_no_function_is_over_80_lines() -> None:
    too_long = [text for key, text in long_functions().items() if key not in ALLOWED]
    assert not too_long, f"split these into functions of at most {MAX_LINES} lines: {too_long}"


def test_allowed_exceptions_are_still_long() -> None:
    """An entry whose function has been split (or renamed) must leave the list."""
    stale = ALLOWED - set(long_functions())
    assert not stale, f"remove from ALLOWED in tests/test_layout.py: {sorted(stale)}"


def test_the_walk_measures_methods_and_nested_functions() -> None:
    source = "class A:\n    def m(self):\n        def inner():\n            pass\n" + (
        "        x = 1\n" * 3
    )
    found = {name: length for name, _, length in _functions(ast.parse(source))}
    assert found == {"A.m": 6, "A.m.inner": 2}


def test_the_package_shows_its_layers() -> None:
    """trainer/ holds subpackages and at most six modules of its own; store/ at most six files."""
    top = [p.name for p in (ROOT / "trainer").glob("*.py")]
    assert len(top) <= 6, top
    store = [p.name for p in (ROOT / "trainer" / "store").glob("*.py")]
    assert len(store) <= 6, store
    packages = {p.name for p in (ROOT / "trainer").iterdir() if (p / "__init__.py").is_file()}
    assert {"engine", "formats", "authoring", "store", "report", "app", "cli"} <= packages
