"""The command-line contract, exercised the way scripts use it: through a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.testkit import DATA, ROOT, run_cli

SCRIPTS = ROOT / "scenarios" / "scripts"


def trainer(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, stdin=stdin, cwd=cwd)


def test_list_json_from_another_directory(tmp_path: Path) -> None:
    proc = trainer("list", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    items = json.loads(proc.stdout)
    ids = {i["id"] for i in items}
    assert "best-of-the-worst" in ids
    for item in items:
        assert set(item) == {"id", "title", "summary", "difficulty"}
        assert item["difficulty"] in ("easy", "normal", "hard")


def test_validate_passes_on_shipped_files() -> None:
    proc = trainer("validate")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""


def test_validate_fails_with_location() -> None:
    proc = trainer("validate", str(DATA / "bad" / "unknown-key.yaml"))
    assert proc.returncode == 1
    assert "unknown-key.yaml:33:1:" in proc.stderr and "did you mean 'mood'" in proc.stderr


def test_analyze_text_and_stdin() -> None:
    one = trainer("analyze", "That one is on us, and I'm sorry.")
    assert one.returncode == 0
    obj = json.loads(one.stdout)
    assert obj["text"] == "That one is on us, and I'm sorry."
    ids = {b["id"] for b in obj["behaviors"]}
    assert {"ownership", "apology"} <= ids
    assert all(0 <= b["score"] <= 1 and b["evidence"] for b in obj["behaviors"])
    many = trainer("analyze", stdin="policy is policy\nwhat does success look like for you\n")
    lines = [json.loads(x) for x in many.stdout.splitlines()]
    assert [x["text"] for x in lines] == ["policy is policy", "what does success look like for you"]
    assert lines[0]["behaviors"][0]["id"] == "excuse"
    assert lines[1]["behaviors"][0]["id"] == "clarifying_question"



def test_analyze_with_a_scenario_adds_topics_and_acts_per_line_in_order() -> None:
    lines = [
        "What has the downtime cost the business so far?",
        "Could we open a window?",
        "",
        "How has all this been for you personally?",
    ]
    proc = trainer("analyze", "--scenario", "hardware-refund", stdin="\n".join(lines) + "\n")
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [o["text"] for o in out] == lines
    assert [[t["id"] for t in o["topics"]] for o in out] == [
        ["business_impact"],
        [],
        [],
        ["personal_impact"],
    ]
    assert [o["acts"] for o in out] == [["question"], ["small_talk"], [], ["question"]]
    topic = out[0]["topics"][0]
    assert set(topic) == {"id", "score", "evidence"} and 0 < topic["score"] <= 1
    assert topic["evidence"] == lines[0]
    # TEXT on the command line gives one object; the rubric-only analyze has no topics key
    one = trainer("analyze", "--scenario", "hardware-refund", lines[3])
    assert [t["id"] for t in json.loads(one.stdout)["topics"]] == ["personal_impact"]
    assert "topics" not in json.loads(trainer("analyze", lines[3]).stdout)


def test_analyze_scenario_errors_are_one_line() -> None:
    unknown = trainer("analyze", "--scenario", "hardware-refnd", "hello")
    assert unknown.returncode == 1 and unknown.stdout == ""
    assert "hardware-refund" in unknown.stderr and "Traceback" not in unknown.stderr
    clash = trainer("analyze", "--scenario", "hardware-refund", "--rubric", "other", "hello")
    assert clash.returncode == 1 and "rubric 'core'" in clash.stderr

def _run_json(script: str, *extra: str) -> dict:  # type: ignore[type-arg]
    proc = trainer("run", "best-of-the-worst", "--script", str(SCRIPTS / script), "--json", *extra)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def test_run_json_contract_win_and_loss() -> None:
    win = _run_json("best-of-the-worst.win.txt")
    lose = _run_json("best-of-the-worst.lose.txt")
    for out in (win, lose):
        assert {"scenario", "outcome", "mood_scale", "final_mood", "turns", "scores"} <= set(out)
        assert out["scenario"] == "best-of-the-worst"
        assert out["final_mood"] in out["mood_scale"]
        for t in out["turns"]:
            assert isinstance(t["trainee"], str) and isinstance(t["customer"], str)
            assert isinstance(t["behaviors"], list) and t["mood"] in out["mood_scale"]
        assert "overall" in out["scores"]
        assert all(0 <= v <= 100 for v in out["scores"].values())
    assert win["outcome"] == "won" and lose["outcome"] == "lost"
    assert win["mood_scale"][0] == "walked_out"  # worst first


def test_run_is_byte_identical_for_the_same_seed() -> None:
    args = ("run", "best-of-the-worst", "--script", str(SCRIPTS / "best-of-the-worst.win.txt"), "--json", "--seed", "42")
    assert trainer(*args).stdout == trainer(*args).stdout


def test_run_reads_stdin_skips_comments_and_ignores_lines_after_the_end() -> None:
    lines = (SCRIPTS / "best-of-the-worst.lose.txt").read_text() + "\nthis line comes after the end\n"
    proc = trainer("run", "best-of-the-worst", "--script", "-", "--json", stdin="# comment\n\n" + lines)
    out = json.loads(proc.stdout)
    assert out["outcome"] == "lost"
    assert all(not t["trainee"].startswith("#") for t in out["turns"])
    assert all("after the end" not in t["trainee"] for t in out["turns"])


def test_run_text_output_shows_transcript_and_scorecard() -> None:
    proc = trainer("run", "best-of-the-worst", "--script", str(SCRIPTS / "best-of-the-worst.win.txt"))
    assert proc.returncode == 0
    assert "Walt Brennan:" in proc.stdout and "Outcome: WON" in proc.stdout and "Overall" in proc.stdout


def test_run_text_output_of_a_call_not_won_names_the_overall_tip() -> None:
    """A call that tops the mood but is not won is held below the pass mark; that tip is on the
    whole call, not on a rubric criterion, and the transcript heads it "Overall"."""
    script = DATA / "calls-dev6" / "ceo-hotline.stuffer.txt"  # stock lines: on side, not won
    proc = trainer("run", "ceo-hotline", "--script", str(script))
    assert proc.returncode == 0, proc.stderr
    assert "Outcome: OPEN" in proc.stdout and "Tip (Overall): The call has not reached" in proc.stdout


def test_run_accepts_a_path() -> None:
    path = ROOT / "scenarios" / "best-of-the-worst.yaml"
    proc = trainer("run", str(path), "--script", str(SCRIPTS / "best-of-the-worst.lose.txt"), "--json")
    assert json.loads(proc.stdout)["outcome"] == "lost"


def test_unknown_scenario_suggests_nearest() -> None:
    proc = trainer("run", "best-of-worst", "--script", str(SCRIPTS / "best-of-the-worst.win.txt"))
    assert proc.returncode == 1
    assert "best-of-the-worst" in proc.stderr and "Traceback" not in proc.stderr


def test_missing_script_is_a_message() -> None:
    proc = trainer("run", "best-of-the-worst", "--script", "/nonexistent/file.txt")
    assert proc.returncode == 1 and "cannot read script" in proc.stderr


def test_extra_scenario_folder_and_env(tmp_path: Path) -> None:
    text = (ROOT / "scenarios" / "best-of-the-worst.yaml").read_text()
    (tmp_path / "mine.yaml").write_text(text.replace("id: best-of-the-worst", "id: my-copy"))
    proc = trainer("list", "--json", "--scenarios", str(tmp_path))
    assert "my-copy" in {i["id"] for i in json.loads(proc.stdout)}
    env_proc = run_cli("list", "--json", env={**os.environ, "TRAINER_SCENARIOS": str(tmp_path)})
    assert "my-copy" in {i["id"] for i in json.loads(env_proc.stdout)}


def test_eval_prints_per_behaviour_figures() -> None:
    proc = trainer("eval", str(DATA / "utterances.yaml"))
    assert proc.returncode == 0
    for b in ("ownership", "excuse", "clarifying_question", "dismissive"):
        assert b in proc.stdout
    assert "macro F1" in proc.stdout


BAD_REFERENCES = """\
tests:
  - name: typos everywhere
    scenario: best-of-the-worst
    steps:
      - say: "That one is on us."
        expect:
          behaviors: [ownrship]
          mood_at_least: sceptcal
          topics: [team_relationshp]
    scores:
      ownershp: {min: 10}
  - name: a scenario that is not there
    scenario: best-of-the-wrst
    steps:
      - say: "Hello."
"""


def test_validate_checks_every_name_in_a_test_file(tmp_path: Path) -> None:
    """Unknown behaviour, mood, topic, criterion and scenario: each on its own line, with the
    scenario files' codes and a "did you mean"; `trainer test` reports the same."""
    path = tmp_path / "typos.test.yaml"
    path.write_text(BAD_REFERENCES, "utf-8")
    proc = trainer("validate", str(path))
    assert proc.returncode == 1
    expected = [
        ("7:", "TCT021", "unknown behaviour 'ownrship'", "did you mean 'ownership'?"),
        ("8:", "TCT022", "unknown mood 'sceptcal'", "did you mean 'sceptical'?"),
        ("9:", "TCT023", "unknown topic 'team_relationshp'", "did you mean 'team_relationship'?"),
        ("11:", "TCT026", "unknown criterion 'ownershp'", "did you mean 'ownership'?"),
        ("13:", "TCT027", "unknown scenario 'best-of-the-wrst'", "did you mean 'best-of-the-worst'?"),
    ]
    lines = [ln for ln in proc.stderr.splitlines() if "TCT0" in ln]
    assert len(lines) == len(expected), proc.stderr
    for line, (where, code, message, fix) in zip(lines, expected, strict=True):
        assert f"typos.test.yaml:{where}" in line and code in line and message in line, line
        assert fix in line, line
    run = trainer("test", str(path))
    assert run.returncode == 1 and "Traceback" not in run.stderr + run.stdout
    for _, code, message, fix in expected:
        assert code in run.stdout and message in run.stdout and fix in run.stdout
