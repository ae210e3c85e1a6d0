"""The compiled cache: used when it matches, rebuilt when the file changed, never trusted."""

from __future__ import annotations

import hashlib
import pickle
import sys
from pathlib import Path

import pytest

from trainer.formats import cache, yamlfile
from trainer.formats.diagnostics import InvalidFile

TEXT = "id: cached\ntitle: A title\nitems: [1, 2]\n"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_VAR, str(where))
    return where


def entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.pickle"))


def test_a_loaded_file_is_cached_and_read_back(folder: Path, tmp_path: Path) -> None:
    src = tmp_path / "a.yaml"
    src.write_text(TEXT, "utf-8")
    first = yamlfile.load(src)
    [entry] = entries(folder)
    # Swap the entry's content for a different (valid) document: the next load must return it,
    # which shows the cache is read and not rebuilt each time.
    planted = yamlfile.Document(str(src), {"id": "planted"}, {(): (1, 1)})
    cache.put("document", cache.digest(src.read_bytes()), yamlfile.__file__, planted)
    assert entries(folder) == [entry]
    assert yamlfile.load(src).data == {"id": "planted"}
    assert first.data == {"id": "cached", "title": "A title", "items": [1, 2]}


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"not a cache entry at all",
        b"TCT-CACHE-1\n" + b"\0" * 32 + b"truncated",
    ],
)
def test_a_corrupt_entry_is_ignored_and_rebuilt(folder: Path, tmp_path: Path, garbage: bytes) -> None:
    src = tmp_path / "a.yaml"
    src.write_text(TEXT, "utf-8")
    yamlfile.load(src)
    [entry] = entries(folder)
    entry.write_bytes(garbage)
    doc = yamlfile.load(src)
    assert doc.data["id"] == "cached" and doc.where(("items",)) == (3, 1)
    assert entry.read_bytes() != garbage  # rebuilt in place
    assert isinstance(cache.get("document", cache.digest(src.read_bytes()), yamlfile.__file__), yamlfile.Document)


class _Evil:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (print, ("ran code from the cache",))


def test_an_entry_that_would_run_code_is_refused(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "a.yaml"
    src.write_text(TEXT, "utf-8")
    yamlfile.load(src)
    [entry] = entries(folder)
    key = cache.digest(src.read_bytes())
    payload = pickle.dumps((key, _Evil()))
    entry.write_bytes(b"TCT-CACHE-1\n" + hashlib.sha256(payload).digest() + payload)
    assert yamlfile.load(src).data["id"] == "cached"
    assert "ran code" not in capsys.readouterr().out


def test_a_changed_file_gets_a_new_entry(folder: Path, tmp_path: Path) -> None:
    src = tmp_path / "a.yaml"
    src.write_text(TEXT, "utf-8")
    assert yamlfile.load(src).data["title"] == "A title"
    src.write_text(TEXT.replace("A title", "Another title"), "utf-8")
    assert yamlfile.load(src).data["title"] == "Another title"
    assert len(entries(folder)) == 2


def test_same_bytes_elsewhere_keep_their_own_path(folder: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    one.write_text(TEXT, "utf-8")
    two.write_text(TEXT, "utf-8")
    assert yamlfile.load(one).path == str(one)
    assert yamlfile.load(two).path == str(two)


def test_bad_files_are_not_cached(folder: Path, tmp_path: Path) -> None:
    src = tmp_path / "bad.yaml"
    src.write_text("a: 1\na: 2\n", "utf-8")
    for _ in range(2):
        with pytest.raises(InvalidFile):
            yamlfile.load(src)
    assert entries(folder) == []


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV_VAR, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    src = tmp_path / "a.yaml"
    src.write_text(TEXT, "utf-8")
    assert yamlfile.load(src).data["id"] == "cached"
    assert cache.directory() is None
    assert not (tmp_path / "xdg").exists()


@pytest.mark.skipif(sys.platform != "linux", reason="XDG folders are Linux")
def test_default_folder_is_the_users_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.ENV_VAR)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.directory() == tmp_path / "xdg" / "tough-call-trainer"
