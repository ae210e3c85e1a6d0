"""`trainer new`: a commented starter scenario and a passing conversation test.

The starter is small on purpose: two topics and one trap, all written as examples (no keyword
list, no regular expression), six moods, the core rubric. It validates, lints clean, plays and
its tests pass, so an author starts from green and changes one thing at a time. ``--from``
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
# docs/authoring.md explains every key and every lint rule. Topics and the trap are written as
# examples (no keyword lists, no regular expressions). To see what a line lands, run:
# $analyze
id: $id
title: $title
summary: >-
  A site manager's pallets did not arrive and a crew stood idle all morning. Find out what it
  cost, own it, and commit to a new delivery time without blaming the courier.
difficulty: normal        # easy, normal or hard: the default level
rubric: core              # which behaviours are heard and how the call is scored
pass_mark: 70
briefing:
  setting: >-
    {name} runs a building site for {company}. This morning's delivery of pallets never came,
    and a crew stood waiting for it.
  goal: >-
    Own the failure, find out what it cost them, and agree a concrete next step.
customer:
  name: Sam Carter
  role: Site manager
  company: Carter Build
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
    dismissive: -1
    blame_courier: -2
behaviors:                # this call's own trap, on top of the rubric's behaviours
  blame_courier:
    title: Blames the courier
    description: Pins the missed delivery on the delivery firm instead of owning it.
    detector: examples    # heard from its samples: no patterns, no keyword lists
    strike: true          # counts toward end.lost.strikes
    samples:
      match:              # lines that ARE the trap, in varied voices
        - That's the courier's fault, not ours.
        - It was the courier's fault, plain and simple.
        - Honestly, the fault lies with the courier.
        - The courier is to blame here, not our warehouse.
        - Blame the courier, they lost your pallets.
        - You can't blame us for this, the courier dropped the ball.
        - The courier never turned up, so there was nothing we could do.
        - Once it's with the courier it's out of our hands, I'm afraid.
        - It left our warehouse on time; what the courier did after that was out of our hands.
        - You'd have to take that up with the courier, they lost it.
        - That's really a problem for the delivery firm, not for us.
        - The haulier lost your pallets, so honestly that's their problem.
        - tbh the courier messed up, not us
        - blame the haulage lot, they lost it not us
        - With respect, the delay was the courier's doing, not ours.
        - I'm afraid the courier let us both down there, it was their mistake.
      no_match:           # near-misses: they mention the courier but are NOT the trap
        - I'll ring the courier myself and get a time from them.
        - I'll chase the delivery firm and call you back by three.
        - I've asked the courier for a written report on what went wrong.
        - The courier has a new slot at two; I've confirmed it.
        - We'll use a different courier for your next order.
        - Which courier did your team speak to this morning?
        - Did the driver call your site at all?
        - How many people were waiting for the delivery?
        - We picked that courier, so the failure is ours to put right.
        - I'm not going to hide behind the courier.
        - Whoever drove the van, you ordered from us and it's ours to fix.
        - The pallets are at our depot now and leave at noon.
        - Can I ask what time the crew arrived on site?
        - I'm sorry, we should have checked the truck left.
        - Our warehouse will load it first thing tomorrow.
        - Whichever haulier we use, getting it to you is our job.
topics:
  what_it_cost:
    title: What the missed delivery cost them
    kind: question        # counts only when the trainee asks
    examples:             # ten or so ways to ask it; the listener generalises from them
      - what did this morning cost you
      - how many people were stood waiting on site
      - what has the delay done to your schedule
      - how badly has this set the job back
      - what did you have to do with the crew while you waited
      - has this put you behind on the build
      - what knock-on effect has it had for your team
      - how much time did your crew lose today
      - did you have to send anyone home
      - what does a lost morning cost you on a site like this
      - what did this morning end up costing you
      - how much has the missed delivery cost your business
      - can you tell me what the wait meant for your crew and the programme
      - so what's the damage from this morning, roughly
      - where does this leave the rest of your week
    near:                 # near-misses: they share its words but ask something else
      - is delivery included in the price of your order
      - what do you pay us for delivery
    answers:              # keyed by the lowest mood they are used at
      annoyed:
        - "Eight men stood around for four hours. You work it out."
      calm:
        - "Eight men idle all morning, and the slab pour slips to Thursday."
    hint: Before you fix anything, find out what it cost them.
    model_answer: "{first}, before I suggest anything, what did this morning cost you?"
  new_delivery:
    title: A concrete new delivery time
    kind: proposal        # counts only when offered or committed to (I'll, let's, how about)
    required: true        # no win without it
    min_mood: wary        # it only lands once the customer is at least wary
    examples:
      - I'll have the pallets on your site by noon tomorrow
      - I will call you back by three today with a confirmed delivery time
      - let me book the first slot tomorrow morning and confirm it in writing
      - I'll get the delivery to you by ten tomorrow and ring you when it leaves
      - I can guarantee the pallets arrive before seven tomorrow
      - I'll put your order on the first truck out and text you the time
      - how about I get it there first thing tomorrow and call you at six
      - we'll deliver tomorrow at eight and I'll confirm by email tonight
      - I'll personally make sure it reaches you by nine tomorrow
      - let me send it on our own van this afternoon and call when it leaves
      - I'll have the pallets on site by eight tomorrow and ring you when the truck leaves
      - we can redeliver this afternoon by four, and I'll phone you with the driver's time
      - I promise the pallets will be with you by ten tomorrow
    answers:
      annoyed:
        - "I've heard promises before."
      wary:
        - "Fine. First thing tomorrow. I'll be on site."
    hint: Offer something concrete, with a time.
    model_answer: "I'll have the pallets on site by eight tomorrow and ring you when the truck leaves."
lines:
  opening:
    - "Your delivery didn't turn up. I've had a crew standing around all morning. What's going on?"
    - "This is the second missed delivery this month. Why should I keep ordering from you?"
  reactions:              # what the customer says to a behaviour, by mood
    excuse:
      - "I don't want reasons. I want my pallets."
      - "That's your problem, not mine."
    dismissive:
      - "Don't brush this off. It cost us a morning."
    blame_courier:
      - "I don't care whose van it was. I ordered from you."
    ownership:
      annoyed:
        - "Well. At least you're not blaming the courier."
      calm:
        - "Thank you. That's more than I got last time."
  fallback:
    angry:
      - "Go on."
    calm:
      - "All right. What else?"
  closing:
    won:
      - "Right. First thing tomorrow. If it's there, we're fine."
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
      - say: "That's on us, Sam. We let your crew down this morning, and I'm sorry you lost half a day over it."
        expect: {behaviors: [ownership], mood_at_least: wary}
      - say: "How much did the wait cost your lads today?"
        expect: {topics: [what_it_cost]}
      - say: "I'll get the pallets to you by eight tomorrow morning and call you the moment the truck leaves."
        expect: {topics: [new_delivery]}
    outcome: won

  - name: brushing it off, then blaming the courier, loses
    scenario: $id
    seed: 1
    steps:
      - say: "It's only one delivery, calm down."
        expect: {behaviors: [dismissive], mood: angry}
      - say: "Honestly, the courier lost your pallets, not us."
        expect: {behaviors: [blame_courier], outcome: lost}
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


def analyze_command(ident: str, scenario: Path) -> str:
    """How to see what a line lands in the new scenario (written in its header comment)."""
    folder = shlex.quote(scenario.parent.as_posix())
    line = shlex.quote("what did this morning cost you")
    return f"trainer analyze --scenario {ident} --scenarios {folder} {line}"


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
            analyze=analyze_command(ident, scenario_path),
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
