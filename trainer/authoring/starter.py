"""`trainer new`: a commented starter scenario and a passing conversation test.

The starter is small on purpose: two topics, five moods, the core rubric. It validates, lints
clean and plays, so an author starts from green and changes one thing at a time. ``--from``
copies an existing scenario (and its tests, when it has any) under a new id instead.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from string import Template

from trainer.formats import yamlfile
from trainer.formats.diagnostics import InvalidFile

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")

SCENARIO = Template('''\
# yaml-language-server: $$schema=$schema
#
# Starter scenario "$id", written by `trainer new`. Change one thing at a time and run
$commands
# docs/authoring.md explains every key and every lint rule.
id: $id
title: $title
summary: >-
  One or two sentences that tell a trainee what this call is about.
difficulty: normal        # easy, normal or hard: the default level
rubric: core              # which behaviours are heard and how the call is scored
pass_mark: 70
briefing:
  setting: >-
    What the trainee walks into: who is on the line and what just went wrong for {company}.
  goal: >-
    What the trainee is there to achieve (not the answers).
customer:
  name: Sam Carter
  role: Operations manager
  company: Example Ltd
  details:                # extra placeholders: lines can say {first}
    first: Sam
mood:
  # Worst first. The call is lost at end.lost.mood and can be won at end.won.mood.
  scale: [hung_up, angry, annoyed, wary, calm, satisfied]
  start: annoyed
  moves:                  # mood steps per behaviour (overrides the rubric) or topic
    ownership: 1
    apology: 1
    empathy: 1
    excuse: -1
    dismissive: -2
topics:
  what_happened:
    title: What happened on their side
    kind: question        # counts only when the trainee asks
    phrases:              # example wordings; the listener matches them fuzzily
      - what exactly happened on your side
      - can you walk me through what went wrong
      - how did this affect your team
    answers:              # keyed by the lowest mood they are used at
      annoyed:
        - "What happened? The delivery never came and nobody called."
      calm:
        - "The order was due Monday. We waited all day, then had to send the team home."
    hint: Before you fix anything, find out what it cost them.
    model_answer: "{first}, before I suggest anything, can you walk me through what happened on your side?"
  next_step:
    title: A concrete next step
    kind: proposal
    required: true        # no win without it
    min_mood: wary        # it only lands once the customer is at least wary
    phrases:
      - i will call you back by three today with a new delivery date
      - let me send you a written plan by tomorrow morning
    answers:
      annoyed:
        - "I've heard promises before."
      wary:
        - "Fine. Three o'clock. I'll be waiting by the phone."
    hint: Offer something concrete, with a time.
    model_answer: "I'll call you back by three today with a confirmed delivery date, and I'll own it until it arrives."
lines:
  opening:
    - "Your delivery didn't turn up again. I've had a team standing around all morning. What's going on?"
    - "This is the second missed delivery this month. Why should I keep ordering from you?"
  reactions:              # what the customer says to a behaviour, by mood
    excuse:
      - "I don't want reasons. I want my delivery."
      - "That's your problem, not mine."
    dismissive:
      - "Don't brush this off. It cost us a day."
    ownership:
      annoyed:
        - "Well. At least you're not blaming the courier."
      calm:
        - "Thank you. That's more than I got last time."
  fallback:
    hung_up:
      - "Go on."
    calm:
      - "All right. What else?"
  closing:
    won:
      - "Right. Call me at three. If it's sorted, we're fine."
    lost:
      - "I've heard enough. I'll find another supplier."
    open:
      - "I have to go. Send me something in writing."
end:
  won: {mood: satisfied, min_topics: 1}
  lost: {mood: hung_up, strikes: 3}
  turns: 10
''')

TEST = Template('''\
# Conversation tests for $id: a scripted call with expectations. Add one test per story you
# want to guarantee (a win, a loss, a recovery); every topic should be covered by some test.
tests:
  - name: owning it, asking and committing wins
    scenario: $id
    seed: 1
    steps:
      - say: "That's on us, and I'm sorry your team lost the morning."
        expect: {behaviors: [ownership], mood_at_least: wary}
      - say: "What exactly happened on your side this morning?"
        expect: {topics: [what_happened]}
      - say: "I will call you back by three today with a new delivery date."
        expect: {topics: [next_step]}
    outcome: won

  - name: excuses lose
    scenario: $id
    seed: 1
    steps:
      - say: "The courier is to blame, not us."
        expect: {behaviors: [excuse], mood: angry}
      - say: "It's only one delivery, calm down."
        expect: {behaviors: [dismissive], outcome: lost}
    outcome: lost
''')


class StarterError(Exception):
    """Refusing to write (bad id, existing file, unreadable --from file)."""


@dataclass(frozen=True)
class Written:
    scenario: Path
    test: Path


def next_commands(scenario: Path, test: Path) -> list[tuple[str, str]]:
    """What to run after editing, and why; ``--scenarios`` names the new file's folder, which
    the catalog would not search otherwise. Printed by `trainer new` and written in the file."""
    file, tests = shlex.quote(scenario.as_posix()), shlex.quote(test.as_posix())
    folder = shlex.quote(scenario.parent.as_posix())
    return [
        (f"trainer validate {file}", "is the file well formed?"),
        (f"trainer lint {file} --scenarios {folder}", "does the call make sense?"),
        (f"trainer test {tests} --scenarios {folder}", "do the conversation tests pass?"),
    ]


def _schema_ref(target_dir: Path) -> str:
    schema = Path(__file__).resolve().parent.parent / "formats" / "schemas" / "scenario.schema.json"
    try:
        return Path(os.path.relpath(schema, target_dir.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return schema.as_uri()


def _title(ident: str) -> str:
    return ident.replace("-", " ").capitalize()


def create(ident: str, directory: Path, source: Path | None = None) -> Written:
    """Write ``DIR/ID.yaml`` and ``DIR/tests/ID.test.yaml``; never overwrite a file."""
    if not ID_PATTERN.match(ident):
        raise StarterError(
            f"'{ident}' is not a valid id: use lower-case letters, digits and hyphens"
        )
    scenario_path = directory / f"{ident}.yaml"
    test_path = directory / "tests" / f"{ident}.test.yaml"
    for p in (scenario_path, test_path):
        if p.exists():
            raise StarterError(f"{p} already exists; not overwriting it (choose another id or --dir)")
    if source is None:
        commands = next_commands(scenario_path, test_path)
        width = max(len(c) for c, _ in commands)
        text = SCENARIO.substitute(
            id=ident,
            title=_title(ident),
            schema=_schema_ref(directory),
            commands="\n".join(f"#   {c:<{width}}  ({why})" for c, why in commands),
        )
        test_text = TEST.substitute(id=ident)
    else:
        text, test_text = _copy(ident, directory, source)
    directory.mkdir(parents=True, exist_ok=True)
    test_path.parent.mkdir(parents=True, exist_ok=True)
    scenario_path.write_text(text, encoding="utf-8")
    test_path.write_text(test_text, encoding="utf-8")
    return Written(scenario_path, test_path)


_ID_LINE = re.compile(r"^id:[ \t]*\S.*$", re.MULTILINE)
_SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=.*$", re.MULTILINE)


def _copy(ident: str, directory: Path, source: Path) -> tuple[str, str]:
    try:
        doc = yamlfile.load(source)
    except InvalidFile as exc:
        raise StarterError(f"cannot copy {source}: {exc.diagnostics[0]}") from None
    if not isinstance(doc.data, dict) or "id" not in doc.data:
        raise StarterError(f"{source} is not a scenario (it has no top-level id)")
    old = str(doc.data["id"])
    text = source.read_text(encoding="utf-8").lstrip("\ufeff")
    if not _ID_LINE.search(text):
        raise StarterError(f"cannot find the `id:` line in {source}")
    text = _ID_LINE.sub(f"id: {ident}", text, count=1)
    header = f"# yaml-language-server: $schema={_schema_ref(directory)}"
    text = _SCHEMA_LINE.sub(header, text, count=1) if _SCHEMA_LINE.search(text) else f"{header}\n{text}"
    tests = [source.parent / "tests" / f"{old}.test.yaml", source.parent / f"{old}.test.yaml"]
    for t in tests:
        if t.is_file():
            body = t.read_text(encoding="utf-8")
            body = re.sub(rf"(^\s*-?\s*scenario:\s*){re.escape(old)}\s*$", rf"\g<1>{ident}", body, flags=re.MULTILINE)
            return text, f"# Copied from {t.name} for {ident}.\n{body}"
    smoke = Template(
        "# Conversation tests for $id (copied from $old, which had none).\n"
        "tests:\n"
        "  - name: the call opens and answers\n"
        "    scenario: $id\n"
        "    steps:\n"
        "      - say: \"Can you tell me what happened?\"\n"
    ).substitute(id=ident, old=old)
    return text, smoke
