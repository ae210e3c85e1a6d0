"""A warm start (issue 12): patterns known to compile are compiled only when first used, and the
prefilter's literals come from the cache; what the listener hears stays exactly the same."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.testkit import DATA, ROOT, counting_compile
from trainer.authoring.evaluate import load_examples
from trainer.cli.common import remembered_prefilter
from trainer.engine.listener import prefilter
from trainer.engine.listener.listen import listener_for
from trainer.engine.models import Rubric
from trainer.formats import cache, rubric_file
from trainer.formats.catalog import Catalog

CORE = ROOT / "rubrics" / "core.yaml"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder and a process that has compiled nothing yet."""
    where = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_VAR, str(where))
    fresh_process(monkeypatch)
    return where


def fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rubric_file, "_COMPILED", rubric_file._Compiled())
    rubric_file.compiled.cache_clear()


def patterns(rubric: Rubric) -> list[Any]:
    return [p for b in rubric.behaviors.values() for p in (*b.patterns, *b.not_patterns)]


def test_a_warm_process_loads_the_core_rubric_without_compiling(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = rubric_file.load(CORE)
    texts = {p.pattern for p in patterns(cold)}
    assert len(texts) > 100
    fresh_process(monkeypatch)
    calls = counting_compile(monkeypatch, texts)
    warm = rubric_file.load(CORE)
    assert calls == []
    assert all(isinstance(p, rubric_file.LazyPattern) for p in patterns(warm))
    # Same text and the flags re.compile reported, so the prefilter sees the same arguments.
    assert [(p.pattern, p.flags) for p in patterns(warm)] == [(p.pattern, p.flags) for p in patterns(cold)]
    lazy = patterns(warm)[0]
    lazy.search("a sentence")  # first use compiles it ...
    lazy.search("another one")
    assert calls == [lazy.pattern]  # ... once, and only that one


def test_the_listener_hears_the_same_with_lazy_patterns(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = rubric_file.load(CORE)
    fresh_process(monkeypatch)
    warm = rubric_file.load(CORE)
    assert all(isinstance(p, rubric_file.LazyPattern) for p in patterns(warm))
    assert not any(isinstance(p, rubric_file.LazyPattern) for p in patterns(cold))
    eager, lazy = listener_for(cold), listener_for(warm)
    lines = [ex.text for ex in load_examples(DATA / "utterances.yaml")]
    assert len(lines) > 300
    heard = 0
    for text in lines:
        a, b = eager.hear(text), lazy.hear(text)
        assert [d.to_json() for d in a.behaviors] == [d.to_json() for d in b.behaviors], text
        heard += bool(a.behaviors)
    assert heard > 200


def test_a_foreign_table_is_ignored_and_every_pattern_compiled(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rubric_file.load(CORE)
    fresh_process(monkeypatch)
    key = rubric_file._Compiled().key
    cache.put("patterns", key, rubric_file.__file__, {"(unclosed": "not flags"})
    warm = rubric_file.load(CORE)
    assert not any(isinstance(p, rubric_file.LazyPattern) for p in patterns(warm))
    fresh_process(monkeypatch)  # the rebuilt table is good again
    assert all(isinstance(p, rubric_file.LazyPattern) for p in patterns(rubric_file.load(CORE)))


def test_a_lazy_pattern_equals_copies_and_pickles_as_the_real_one() -> None:
    import copy
    import pickle

    lazy = rubric_file.LazyPattern(r"\bon us\b", re.compile(r"\bon us\b").flags)
    real = re.compile(r"\bon us\b")
    assert lazy == real and real == lazy and hash(lazy) == hash(rubric_file.LazyPattern(real.pattern, real.flags))
    assert lazy != rubric_file.LazyPattern(r"\bon me\b", real.flags)
    assert copy.deepcopy(lazy) is lazy
    assert pickle.loads(pickle.dumps(lazy)) == real
    with pytest.raises(AttributeError):
        _ = lazy.no_such_attribute
    m = lazy.search("that one is on us")
    assert m is not None and m.group() == "on us"


def test_the_prefilter_literals_come_from_the_cache_unchanged(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rubric = rubric_file.load(CORE)
    want = {(p.pattern, p.flags): prefilter.needles(p.pattern, p.flags) for p in patterns(rubric)}
    original = prefilter.needles
    with remembered_prefilter():
        assert prefilter.needles is not original
        cold = {(p.pattern, p.flags): prefilter.gate(p) for p in patterns(rubric)}
    assert prefilter.needles is original
    assert cold == want

    def must_not_run(pattern: str, flags: int = 0) -> tuple[frozenset[str], ...] | None:
        raise AssertionError(f"computed again: {pattern}")

    monkeypatch.setattr(prefilter, "needles", must_not_run)
    with remembered_prefilter():
        warm = {(p.pattern, p.flags): prefilter.gate(p) for p in patterns(rubric)}
    assert warm == want
    assert prefilter.needles is must_not_run


def test_a_warmed_listener_compiles_nothing_while_it_hears(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app warms the call's listener while the briefing is read; after that no turn pays
    for compiling a pattern."""
    from trainer.engine.listener.listen import _scenario_listener

    fresh = Catalog(use_env=False).scenario("best-of-the-worst")
    listener = _scenario_listener(fresh)
    listener.warm()

    def refuse(expanded: str) -> None:
        raise AssertionError(f"compiled while hearing: {expanded[:40]}")

    monkeypatch.setattr(rubric_file, "compiled", refuse)
    for line in ("That's on us, and I'm sorry.", "To be fair, your team kept changing the scope."):
        listener.hear(line)
