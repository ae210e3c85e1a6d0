"""A rubric's built listener, kept in the user's cache so a warm `trainer analyze` skips building it.

Building the core listener (its example indexes, literal trie and neutral corpus) is most of a
warm `analyze`; unpickling the built object is several times faster. The entry is keyed by the
rubric file, its neutral corpus and learned model, the trainer's version and the source of
every module that builds a rubric or a listener, so any change there simply misses. Loading is
restricted to the listener's own classes; the rubric's behaviours and patterns are not stored
but taken from the rubric loaded now (patterns stay lazy). Anything odd is a miss: rebuild.
"""

from __future__ import annotations

import io
import pickle
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer.formats import cache, rubric_file

if TYPE_CHECKING:
    from trainer.engine.listener.listen import Listener
    from trainer.engine.models import Rubric

KIND = "listener"
_FORMAT = b"listener-1"
_ALLOWED = {
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("trainer.engine.listener.learned", "Weights"),
    ("trainer.engine.listener.listen", "Listener"),
    ("trainer.engine.listener.listen", "_CompiledBehavior"),
    ("trainer.engine.listener.listen", "_PhraseFilter"),
    ("trainer.engine.listener.similar", "Concepts"),
    ("trainer.engine.listener.similar", "ExampleIndex"),
    ("trainer.engine.listener.similar", "Screen"),
    ("trainer.engine.models", "Role"),
}


def _sources() -> list[Path]:
    """The code a built listener depends on: the listener package, the models, the rubric
    format and this module."""
    engine = Path(__file__).resolve().parent.parent / "engine"
    return [
        *sorted((engine / "listener").glob("*.py")),
        engine / "models.py",
        Path(rubric_file.__file__),
        Path(__file__),
    ]


def key(rubric: Rubric) -> str | None:
    """The entry's key, or None when a source cannot be read (then nothing is cached)."""
    if not rubric.path:
        return None
    files = [Path(rubric.path), *_sources()]
    if rubric.learned is not None:
        files.append(Path(rubric.learned.path))
    try:
        parts = [p.read_bytes() for p in files]
    except OSError:
        return None
    neutral = "\n".join(rubric.neutral).encode()
    return cache.digest(b"\0".join([_FORMAT, neutral, *parts]))


class _Pickler(pickle.Pickler):
    """Stores the rubric's behaviours and every pattern by reference, not by value."""

    def __init__(self, file: io.BytesIO, rubric: Rubric) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.behaviors = {id(b): bid for bid, b in rubric.behaviors.items()}

    def persistent_id(self, obj: Any) -> Any:
        if isinstance(obj, rubric_file.LazyPattern | re.Pattern):
            return ("pattern", obj.pattern, obj.flags)
        bid = self.behaviors.get(id(obj))
        return ("behavior", bid) if bid is not None else None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, rubric: Rubric) -> None:
        super().__init__(file)
        self.rubric = rubric

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cached listener")
        return super().find_class(module, name)

    def persistent_load(self, pid: Any) -> Any:
        if isinstance(pid, tuple) and len(pid) == 3 and pid[0] == "pattern":
            text, flags = pid[1], pid[2]
            if isinstance(text, str) and type(flags) is int:
                return rubric_file.LazyPattern(text, flags)  # it compiled when it was stored
        if isinstance(pid, tuple) and len(pid) == 2 and pid[0] == "behavior" and pid[1] in self.rubric.behaviors:
            return self.rubric.behaviors[pid[1]]
        raise pickle.UnpicklingError(f"unknown reference {pid!r}")


def load(rubric: Rubric) -> Listener | None:
    """The cached listener for ``rubric``, or None (no entry, another version, corrupt)."""
    from trainer.engine.listener.listen import Listener

    k = key(rubric)
    payload = cache.read(KIND, k, __file__) if k else None
    if payload is None:
        return None
    try:
        found = _Unpickler(io.BytesIO(payload), rubric).load()
    except Exception:  # a corrupt or foreign entry is a miss, whatever the unpickler says
        return None
    if not (isinstance(found, tuple) and len(found) == 2 and found[0] == k):
        return None
    return found[1] if isinstance(found[1], Listener) else None


def store(rubric: Rubric, listener: Listener) -> None:
    """Keep a freshly built listener (before it has heard anything) for the next process."""
    k = key(rubric)
    if k is None:
        return
    buf = io.BytesIO()
    try:
        _Pickler(buf, rubric).dump((k, listener))
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return
    cache.write(KIND, k, __file__, buf.getvalue())
