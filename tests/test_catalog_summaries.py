"""`trainer list` reads summaries straight from the documents (issue 12): same scenarios, same
refusals as building them, nothing built."""

from __future__ import annotations

import json
from pathlib import Path

from tests.testkit import ROOT, run_cli
from trainer.formats.catalog import Catalog

BOW = (ROOT / "scenarios" / "best-of-the-worst.yaml").read_text("utf-8")


def copy_of_bow(new_id: str, **replace: str) -> str:
    """best-of-the-worst under another id, with whole top-level lines replaced (key -> line)."""
    lines = BOW.replace("id: best-of-the-worst", f"id: {new_id}", 1).splitlines()
    for key, line in replace.items():
        at = next(i for i, ln in enumerate(lines) if ln.startswith(f"{key}:"))
        lines[at] = line
    return "\n".join(lines) + "\n"


def broken_folder(tmp_path: Path) -> Path:
    """One good scenario and one file for each reason listing refuses a scenario."""
    (tmp_path / "a-good.yaml").write_text(copy_of_bow("good-copy"))
    (tmp_path / "b-bad-title.yaml").write_text(copy_of_bow("bad-title", title="title: [a, b]"))
    (tmp_path / "c-dup.yaml").write_text(BOW)
    (tmp_path / "d-no-rubric.yaml").write_text(copy_of_bow("no-rubric", rubric="rubric: cor"))
    (tmp_path / "e-syntax.yaml").write_text('id: x\ntitle: "oops\n')
    return tmp_path


def test_summaries_say_what_the_built_scenarios_say(catalog: Catalog) -> None:
    built = {
        s.id: (s.title, s.summary, s.difficulty, s.path) for s in catalog.scenarios().values()
    }
    read = {s.id: (s.title, s.summary, s.difficulty, s.path) for s in catalog.summaries().values()}
    assert "best-of-the-worst" in read
    assert read == built


def test_summaries_refuse_what_building_refuses(tmp_path: Path) -> None:
    cat = Catalog([broken_folder(tmp_path)], use_env=False)
    ids = set(cat.summaries())
    assert "good-copy" in ids and "best-of-the-worst" in ids
    assert not ids & {"bad-title", "no-rubric", "x"}
    assert cat.summaries()["best-of-the-worst"].path == str(ROOT / "scenarios" / "best-of-the-worst.yaml")
    found = [(Path(d.path).name, d.line, d.code) for d in cat.summary_problems()]
    assert found == [
        ("b-bad-title.yaml", 8, "TCT012"),  # title should be text
        ("c-dup.yaml", 7, "TCT024"),  # the shipped file has the id
        ("d-no-rubric.yaml", 13, "TCT020"),
        ("e-syntax.yaml", 2, "TCT002"),
    ]


def test_list_shows_the_good_and_counts_the_problems(tmp_path: Path) -> None:
    proc = run_cli("list", "--json", "--scenarios", str(broken_folder(tmp_path)))
    assert proc.returncode == 0
    ids = [item["id"] for item in json.loads(proc.stdout)]
    assert ids == sorted(ids) and "good-copy" in ids and "bad-title" not in ids
    assert proc.stderr == "trainer: 4 problem(s) in scenario files; run `trainer validate`\n"

    text = run_cli("list", "--scenarios", str(tmp_path))
    first = text.stdout.splitlines()[0].split()
    assert first[:2] == [ids[0], json.loads(proc.stdout)[0]["difficulty"]]


def test_a_cached_schema_pass_does_not_hide_a_later_break(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(copy_of_bow("mine"))
    assert "mine" in Catalog([tmp_path], use_env=False).summaries()  # the pass is now cached
    path.write_text(copy_of_bow("mine", title="title: 12"))
    cat = Catalog([tmp_path], use_env=False)
    assert "mine" not in cat.summaries()
    assert [(d.line, d.code) for d in cat.summary_problems()] == [(8, "TCT012")]
