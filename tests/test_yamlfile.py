from __future__ import annotations

import pytest

from trainer.formats import yamlfile
from trainer.formats.diagnostics import InvalidFile


def codes(exc: InvalidFile) -> list[str]:
    return [d.code for d in exc.diagnostics]


def test_positions_are_kept_for_every_path() -> None:
    doc = yamlfile.parse("a: 1\nb:\n  - x\n  - {c: 2}\n", "f.yaml")
    assert doc.data == {"a": 1, "b": ["x", {"c": 2}]}
    assert doc.where(("b",)) == (2, 1)
    assert doc.where(("b", 1, "c")) == (4, 6)
    # a path that does not exist falls back to its nearest ancestor
    assert doc.where(("b", 1, "nope")) == (4, 5)


def test_keys_stay_text_even_when_yaml_1_1_would_make_them_booleans() -> None:
    doc = yamlfile.parse("on: 1\nno: 2\n")
    assert doc.data == {"on": 1, "no": 2}


@pytest.mark.parametrize(
    "text, code",
    [
        ("", "TCT003"),
        ("# only a comment\n", "TCT003"),
        ("a: [1, 2\n", "TCT002"),
        ("a: !!python/object/apply:os.system ['true']\n", "TCT004"),
        ("a: !custom x\n", "TCT004"),
        ("a: 1\na: 2\n", "TCT006"),
    ],
)
def test_bad_yaml_is_reported_with_a_code(text: str, code: str) -> None:
    with pytest.raises(InvalidFile) as info:
        yamlfile.parse(text, "f.yaml")
    assert code in codes(info.value)
    assert all(d.path == "f.yaml" and d.line >= 1 for d in info.value.diagnostics)


def test_alias_bomb_is_refused_not_expanded() -> None:
    text = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    prev = "a"
    for k in "bcdefghij":
        text += f"{k}: &{k} [" + ",".join([f"*{prev}"] * 9) + "]\n"
        prev = k
    with pytest.raises(InvalidFile) as info:
        yamlfile.parse(text)
    assert codes(info.value) == ["TCT005"]


def test_recursive_alias_is_refused() -> None:
    with pytest.raises(InvalidFile) as info:
        yamlfile.parse("a: &a\n  b: *a\n")
    assert codes(info.value) == ["TCT005"]


def test_small_aliases_are_fine() -> None:
    doc = yamlfile.parse("base: &b {x: 1}\nother: *b\n")
    assert doc.data["other"] == {"x": 1}


def test_non_utf8_file_names_the_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "latin.yaml"
    path.write_bytes("a: 1\nb: caf\u00e9\n".encode("latin-1"))
    with pytest.raises(InvalidFile) as info:
        yamlfile.load(path)
    d = info.value.diagnostics[0]
    assert (d.code, d.line) == ("TCT001", 2)
    assert "UTF-8" in d.message
