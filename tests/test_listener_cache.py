"""The core listener kept in the cache (issue 12): a cached listener hears every labelled line
exactly as a freshly built one, and an entry that is corrupt or names a foreign class is a miss."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from tests.testkit import DATA
from trainer.authoring.evaluate import load_examples
from trainer.cli import listener_cache
from trainer.engine.listener.listen import Listener, listener_for
from trainer.engine.models import Rubric
from trainer.formats import cache
from trainer.formats.catalog import Catalog


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_VAR, str(where))
    return where


@pytest.fixture(scope="module")
def core() -> Rubric:
    rubric = Catalog(use_env=False).rubric("core")
    assert rubric is not None
    return rubric


def test_a_cached_listener_hears_the_labelled_lines_as_a_fresh_one(folder: Path, core: Rubric) -> None:
    assert listener_cache.load(core) is None
    listener_cache.store(core, listener_for(core))
    cached = listener_cache.load(core)
    assert isinstance(cached, Listener)
    fresh = listener_for(core)
    lines = [ex.text for ex in load_examples(DATA / "utterances.yaml")]
    assert len(lines) > 300
    heard = 0
    for text in lines:
        a, b = fresh.hear(text), cached.hear(text)
        assert [d.to_json() for d in a.behaviors] == [d.to_json() for d in b.behaviors], text
        assert a.topics == b.topics, text
        heard += bool(a.behaviors)
    assert heard > 200


def test_the_behaviours_are_the_rubrics_own_not_copies(folder: Path, core: Rubric) -> None:
    listener_cache.store(core, listener_for(core))
    cached = listener_cache.load(core)
    assert cached is not None
    assert all(c.b is core.behaviors[c.b.id] for c in cached._behaviors)


@pytest.mark.parametrize("garbage", [b"", b"TCT-CACHE-1\n" + b"\0" * 32 + b"cut short"])
def test_a_corrupt_entry_is_a_miss(folder: Path, core: Rubric, garbage: bytes) -> None:
    listener_cache.store(core, listener_for(core))
    [entry] = (folder / listener_cache.KIND).glob("*.pickle")
    entry.write_bytes(garbage)
    assert listener_cache.load(core) is None


class Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (print, ("ran code from the cache",))


def test_an_entry_naming_a_foreign_class_is_refused(
    folder: Path, core: Rubric, capsys: pytest.CaptureFixture[str]
) -> None:
    key = listener_cache.key(core)
    assert key is not None
    cache.write(listener_cache.KIND, key, listener_cache.__file__, pickle.dumps((key, Boom())))
    assert listener_cache.load(core) is None
    assert "ran code" not in capsys.readouterr().out


def test_another_rubric_file_misses(folder: Path, core: Rubric, tmp_path: Path) -> None:
    listener_cache.store(core, listener_for(core))
    copy = tmp_path / "core.yaml"
    copy.write_text(Path(core.path).read_text("utf-8") + "\n# a comment\n", "utf-8")
    other = dataclasses.replace(core, path=str(copy))
    assert listener_cache.key(other) != listener_cache.key(core)
    assert listener_cache.load(other) is None
    assert listener_cache.load(core) is not None
