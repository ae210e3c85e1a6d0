"""Every documented key of a JSON Schema as a dotted path (`topics.<id>.min_mood`)."""

from __future__ import annotations

from typing import Any


def schema_nodes(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each documented key's dotted path and its schema ($refs resolved), in schema order."""
    defs = schema.get("$defs", {})
    out: dict[str, dict[str, Any]] = {}

    def resolve(node: Any) -> Any:
        while isinstance(node, dict) and "$ref" in node:
            node = defs[node["$ref"].split("/")[-1]]
        return node

    def walk(node: Any, prefix: str, depth: int) -> None:
        node = resolve(node)
        if not isinstance(node, dict) or depth > 6:
            return
        for branch in node.get("oneOf", []):
            walk(branch, prefix, depth + 1)
        for key, sub in node.get("properties", {}).items():
            path = f"{prefix}.{key}" if prefix else key
            # A key's own description wins over the one its $ref target carries.
            out.setdefault(path, {**resolve(sub), **{k: v for k, v in sub.items() if k != "$ref"}})
            walk(sub, path, depth + 1)
        extra = node.get("additionalProperties")
        if isinstance(extra, dict) and prefix:
            walk(extra, f"{prefix}.<id>", depth + 1)
        items = node.get("items")
        if isinstance(items, dict) and "properties" in resolve(items):
            walk(items, f"{prefix}[]", depth + 1)

    walk(schema, "", 0)
    return out


def schema_paths(schema: dict[str, Any]) -> list[str]:
    return list(schema_nodes(schema))
