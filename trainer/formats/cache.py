"""A cache of what is slow to build from a file, under the user's cache folder.

Each entry is keyed by the SHA-256 of the source bytes, the trainer's version and the source of
the code that built it, so a changed file (or a new trainer) simply misses. An entry that cannot
be read back exactly (truncated, corrupt, another format, a foreign class) is ignored and
rebuilt, never trusted. ``TRAINER_CACHE`` relocates the folder; ``TRAINER_CACHE=off`` turns the
cache off.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer import __version__

if TYPE_CHECKING:
    from trainer.formats.diagnostics import Diagnostic
    from trainer.formats.yamlfile import Document

ENV_VAR = "TRAINER_CACHE"
_OFF = {"off", "0", "no", "false", "none"}
_MAGIC = b"TCT-CACHE-1\n"

# What an entry may hold: plain data and these classes, nothing that runs code on load.
_ALLOWED = {
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "timezone"),
    ("datetime", "timedelta"),
    ("trainer.formats.yamlfile", "Document"),
}


def directory() -> Path | None:
    """The cache folder, or None when the cache is off."""
    value = os.environ.get(ENV_VAR)
    if value is not None and value.strip().lower() in _OFF:
        return None
    if value:
        return Path(value)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tough-call-trainer", appauthor=False))


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _code_stamp(module_file: str) -> str:
    """The trainer's version and the builder's own source, so new code never reads old entries."""
    try:
        source = Path(module_file).read_bytes()
    except OSError:
        source = b""
    return f"{__version__}:{digest(source)[:16]}"


def _entry(kind: str, source_digest: str, builder_file: str) -> Path | None:
    folder = directory()
    if folder is None:
        return None
    name = digest(f"{kind}\0{source_digest}\0{_code_stamp(builder_file)}".encode())
    return folder / kind / f"{name[:40]}.pickle"


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")
        return super().find_class(module, name)


def read(kind: str, source_digest: str, builder_file: str) -> bytes | None:
    """The stored bytes for this source and builder, checksum verified, or None."""
    path = _entry(kind, source_digest, builder_file)
    if path is None:
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if not raw.startswith(_MAGIC):
        return None
    body = raw[len(_MAGIC) :]
    check, payload = body[:32], body[32:]
    if hashlib.sha256(payload).digest() != check:
        return None
    return payload


def write(kind: str, source_digest: str, builder_file: str, payload: bytes) -> None:
    """Store ``payload`` atomically; a cache that cannot be written is skipped silently."""
    path = _entry(kind, source_digest, builder_file)
    if path is None:
        return
    try:
        import tempfile

        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, path)  # readers see the old entry or the whole new one
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return


def get(kind: str, source_digest: str, builder_file: str) -> Any | None:
    """The cached value for this source and builder, or None (missing, unreadable, corrupt)."""
    payload = read(kind, source_digest, builder_file)
    if payload is None:
        return None
    try:
        stored = _Unpickler(io.BytesIO(payload)).load()
    except Exception:  # a corrupt entry is a miss, whatever the unpickler says
        return None
    if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == source_digest):
        return None
    return stored[1]


def put(kind: str, source_digest: str, builder_file: str, value: Any) -> None:
    """Store ``value``; a cache that cannot be written is skipped silently (it is only a cache)."""
    try:
        payload = pickle.dumps((source_digest, value), protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, RecursionError):
        return
    write(kind, source_digest, builder_file, payload)


_FORMATS = Path(__file__).resolve().parent


def schema_problems(doc: Document, kind: str) -> list[Diagnostic]:
    """The ``kind`` schema's problems with ``doc`` (see :func:`trainer.formats.schema.check`).

    A pass is remembered, keyed by the document's data, the schema file and the checker's code
    (and the trainer's version), so a warm load neither imports nor runs jsonschema. A failure
    is never stored: it is found afresh every time, with the document's positions.
    """
    sources = (_FORMATS / "schemas" / f"{kind}.schema.json", _FORMATS / "schema.py")
    try:
        data = pickle.dumps(doc.data, protocol=pickle.HIGHEST_PROTOCOL)
        key: str | None = digest(b"\0".join([data, *(p.read_bytes() for p in sources)]))
    except (OSError, pickle.PicklingError, TypeError, RecursionError):
        key = None  # a source we cannot read (a build without .py files): no caching
    entry = f"{kind}-schema-pass"
    if key is not None and get(entry, key, __file__) is True:
        return []
    from trainer.formats import schema

    problems = schema.check(doc, kind)
    if key is not None and not problems:
        put(entry, key, __file__, True)
    return problems
