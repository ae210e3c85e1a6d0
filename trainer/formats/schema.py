"""Check a loaded YAML document against the shipped JSON Schema.

The same schema files drive the editor (``# yaml-language-server: $schema=...``) and
``trainer validate``, so the two cannot disagree about the shape of a file. Here we only turn
jsonschema's errors into located, plain-spoken diagnostics with a suggested fix.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from trainer.formats.diagnostics import Diagnostic
from trainer.formats.yamlfile import Document

_TYPE_NAMES = {
    "object": "a mapping (key: value)",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}


@cache
def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema for ``kind`` (``scenario`` or ``rubric``)."""
    text = resources.files("trainer.formats.schemas").joinpath(f"{kind}.schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def _validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(schema(kind))


def nearest(word: str, choices: list[str] | set[str], cutoff: float = 60) -> str | None:
    """The closest of ``choices`` to ``word``, for "did you mean" suggestions."""
    from rapidfuzz import process  # only when a name is wrong: start-up stays light

    found = process.extractOne(word, list(choices), score_cutoff=cutoff)
    return str(found[0]) if found else None


def check(doc: Document, kind: str) -> list[Diagnostic]:
    """Every schema problem in ``doc``, one diagnostic each, in file order."""
    out: list[Diagnostic] = []
    seen: set[tuple[int, int, str]] = set()
    for err in _validator(kind).iter_errors(doc.data):
        for diag in _explain(doc, err):
            key = (diag.line, diag.col, diag.message)
            if key not in seen:
                seen.add(key)
                out.append(diag)
    # "unknown key 'moood' (did you mean 'mood'?)" already explains the missing 'mood'.
    suggested = {_quoted(d.fix) for d in out if d.code == "TCT010"}
    out = [d for d in out if not (d.code == "TCT011" and _quoted(d.message) in suggested)]
    out.sort(key=lambda d: (d.line, d.col))
    return out


def _quoted(text: str | None) -> str | None:
    """The first 'quoted' word in a message, if any."""
    parts = (text or "").split("'")
    return parts[1] if len(parts) > 2 else None


def _where(path: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in path) or "the top level"


def _explain(doc: Document, err: ValidationError) -> list[Diagnostic]:
    """Plain-spoken diagnostics for one jsonschema error, located at its path."""
    path = tuple(err.absolute_path)
    where = _where(path)
    v = err.validator
    value: Any = err.validator_value
    if v == "additionalProperties" and isinstance(err.instance, dict):
        return _unknown_keys(doc, err.schema, err.instance, path, where)
    if v == "required":
        missing = str(err.message).split("'")[1] if "'" in err.message else err.message
        return [
            doc.problem(
                path, "TCT011", f"{where} is missing the required key '{missing}'", "add it"
            )
        ]
    if v == "type":
        wanted = value
        names = [wanted] if isinstance(wanted, str) else list(wanted)
        text = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
        return [
            doc.problem(
                path,
                "TCT012",
                f"{where} should be {text}, not {_describe(err.instance)}",
                None,
            )
        ]
    if v == "enum":
        options = ", ".join(repr(o) for o in value)
        guess = nearest(str(err.instance), [str(o) for o in value])
        fix = f"did you mean {guess!r}?" if guess else f"use one of {options}"
        return [
            doc.problem(path, "TCT013", f"{where} is {err.instance!r}; allowed: {options}", fix)
        ]
    if v == "oneOf" and err.context:
        # by_mood (a list or a mapping), a line (text or {say, after}): report against the
        # branch that matches the type, the deepest problem first.
        best = min(err.context, key=lambda e: (-len(list(e.absolute_path)), e.validator == "type"))
        return _explain(doc, best)
    if v == "propertyNames":
        return [
            doc.problem(
                path,
                "TCT013",
                f"'{err.instance}' is not a valid id in {where}",
                "use lower-case letters, digits and underscores, starting with a letter",
            )
        ]
    return [_value_problem(doc, err, path, where)]


def _unknown_keys(
    doc: Document, sub: Any, instance: dict[Any, Any], path: tuple[Any, ...], where: str
) -> list[Diagnostic]:
    """TCT010 for each key the schema does not allow, with the nearest allowed key."""
    allowed = set(sub.get("properties", {}) if isinstance(sub, dict) else {})
    extra = [k for k in instance if k not in allowed]
    result = []
    for key in extra:
        guess = nearest(str(key), allowed) if allowed else None
        fix = f"did you mean '{guess}'?" if guess else None
        if not allowed:
            continue
        result.append(
            doc.problem(
                (*path, str(key)),
                "TCT010",
                f"unknown key '{key}' in {where}",
                fix or f"allowed keys: {', '.join(sorted(allowed))}",
            )
        )
    return result


_VALUE_MESSAGES = {
    "pattern": "does not match the expected form",
    "minItems": "needs at least {v} item(s)",
    "minProperties": "needs at least {v} entry(ies)",
    "minLength": "must not be empty",
    "minimum": "must be at least {v}",
    "maximum": "must be at most {v}",
    "uniqueItems": "has duplicate items",
}


def _value_problem(
    doc: Document, err: ValidationError, path: tuple[Any, ...], where: str
) -> Diagnostic:
    """TCT013 for a value out of range or form (or any other keyword, in jsonschema's words)."""
    v = err.validator
    if v in _VALUE_MESSAGES:
        what = _VALUE_MESSAGES[str(v)].format(v=err.validator_value)
        if v == "pattern" and path and path[-1] == "id":
            return doc.problem(
                path,
                "TCT013",
                f"id {err.instance!r} {what}",
                "use lower-case letters, digits and hyphens",
            )
        return doc.problem(path, "TCT013", f"{where} {what}")
    return doc.problem(path, "TCT013", f"{where}: {err.message}")


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"text {value[:30]!r}"
    return f"{type(value).__name__} {value!r}"
