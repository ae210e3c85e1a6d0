"""Headless engine commands: list, validate, analyze, run, eval."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.cli.common import (
    UsageError,
    add_call_options,
    add_catalog_options,
    catalog,
    read_script,
    reference_problems,
    remembered_prefilter,
)
from trainer.formats.catalog import kind_of
from trainer.formats.diagnostics import InvalidFile

if TYPE_CHECKING:  # the listener and the call load only in the commands that use them
    from trainer.engine.call import Call
    from trainer.engine.listener.listen import Listener

CORE_BEHAVIORS = [
    "ownership",
    "excuse",
    "clarifying_question",
    "empathy",
    "apology",
    "action_commitment",
    "dismissive",
]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("list", help="the scenarios found")
    add_catalog_options(p)
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("validate", help="check scenario and rubric files")
    add_catalog_options(p)
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: all)")
    p.add_argument("--json", action="store_true", help="print a JSON array of diagnostics")
    p.add_argument("--fail-on-warnings", action="store_true", help="exit 1 on warnings too")
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("analyze", help="the behaviours (and a scenario's topics) heard in a line")
    add_catalog_options(p)
    p.add_argument("--rubric", default=None, help="rubric id (default core, or the scenario's)")
    p.add_argument(
        "--scenario",
        metavar="ID",
        help="hear as this scenario does: its own behaviours too, plus topics and acts per line",
    )
    p.add_argument("text", nargs="?", help="the line; without it, each line of standard input")
    p.set_defaults(handler=cmd_analyze)

    p = sub.add_parser("run", help="play a scripted call headless")
    add_catalog_options(p)
    add_call_options(p)
    p.add_argument("scenario", metavar="SCENARIO", help="an id from `trainer list` or a YAML path")
    p.add_argument("--script", required=True, metavar="FILE", help="one trainee line per line")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_run)

    p = sub.add_parser("learn", help="train the listener's learned fallback from labelled lines")
    p.add_argument("files", nargs="+", metavar="FILE", help="labelled lines (YAML)")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="model file to write")
    add_catalog_options(p)
    p.add_argument(
        "--rubric",
        default="core",
        help="rubric whose neutral corpus teaches small talk from business (default core)",
    )
    p.add_argument(
        "--small-talk",
        nargs="*",
        default=[],
        metavar="FILE",
        help="more small talk and logistics, one line each, beside the neutral corpus",
    )
    p.set_defaults(handler=cmd_learn)

    p = sub.add_parser("eval", help="precision, recall and F1 of the listener")
    add_catalog_options(p)
    p.add_argument("file", nargs="?", help="labelled lines (default tests/data/utterances.yaml)")
    p.add_argument("--rubric", default="core", help="rubric id (default core)")
    p.add_argument("--errors", action="store_true", help="also list the lines it got wrong")
    p.set_defaults(handler=cmd_eval)


def cmd_list(args: argparse.Namespace) -> int:
    cat = catalog(args)
    scenarios = sorted(cat.summaries().values(), key=lambda s: s.id)
    if args.json:
        items = [
            {"id": s.id, "title": s.title, "summary": s.summary, "difficulty": s.difficulty}
            for s in scenarios
        ]
        print(json.dumps(items, indent=2, ensure_ascii=False))
    else:
        width = max((len(s.id) for s in scenarios), default=10)
        for s in scenarios:
            print(f"{s.id:<{width}}  {s.difficulty:<6}  {s.title}")
            print(textwrap.indent(textwrap.fill(s.summary, 88 - width), " " * (width + 10)))
    problems = cat.summary_problems()
    if problems:
        print(
            f"trainer: {len(problems)} problem(s) in scenario files; run `trainer validate`",
            file=sys.stderr,
        )
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    cat = catalog(args)
    files: list[Path] = []
    if args.paths:
        for p in map(Path, args.paths):
            if p.is_dir():
                files += sorted(p.rglob("*.yaml")) + sorted(p.rglob("*.yml"))
            else:
                files.append(p)
        problems = cat.validate(files)
        count = len(files)
        tests = files
    else:
        problems = cat.problems()
        count = len(cat.files())
        tests = cat.files_of("test")
    for p in tests:
        doc = cat.document(p)
        if doc is None or kind_of(doc) != "test":
            continue
        from trainer.formats import test_file  # it loads the schema checker: only for tests

        try:
            loaded = test_file.load(p)
        except InvalidFile as exc:
            if not args.paths:  # with paths, cat.validate has reported it
                problems += exc.diagnostics
            continue
        problems += reference_problems(cat, loaded, files)
    if getattr(args, "json", False):
        print(json.dumps([d.to_json() for d in problems], indent=2, ensure_ascii=False))
    else:
        for d in problems:
            print(d, file=sys.stderr)
    bad = len({d.path for d in problems})
    errors = [d for d in problems if d.severity == "error"]
    if errors or (problems and getattr(args, "fail_on_warnings", False)):
        print(f"{bad} of {count} file(s) have problems", file=sys.stderr)
        return 1
    if not getattr(args, "json", False):
        print(f"{count} file(s) valid")
    return 0


def _listener(args: argparse.Namespace) -> Listener:
    from trainer.engine.listener.listen import listener_for

    rubric = catalog(args).rubric(args.rubric)
    if rubric is None:
        raise UsageError(f"no rubric with id '{args.rubric}'")
    from trainer.cli import listener_cache

    cached = listener_cache.load(rubric)  # a warm run unpickles it: several times faster
    if cached is not None:
        return cached
    with remembered_prefilter():
        built = listener_for(rubric)
    listener_cache.store(rubric, built)
    return built


def cmd_learn(args: argparse.Namespace) -> int:
    from trainer.authoring.evaluate import load_examples
    from trainer.engine.listener import learned

    examples = [(ex.text, ex.labels) for f in args.files for ex in load_examples(f)]
    rubric = catalog(args).rubric(args.rubric)
    if rubric is None:
        raise UsageError(f"no rubric with id '{args.rubric}'")
    from trainer.formats.rubric_file import small_talk_corpus

    chat = small_talk_corpus(rubric, args.small_talk)
    names = (
        tuple(Path(f).name for f in args.files)
        + ((f"{rubric.id} neutral corpus",) if rubric.neutral else ())
        + tuple(Path(f).name for f in args.small_talk)
    )
    model = learned.train(examples, CORE_BEHAVIORS, sources=names, small_talk=chat)
    learned.save(model, args.output)
    size = sum(len(w.weights) for w in model.behaviors.values())
    print(f"{args.output}: {len(examples)} lines, {size} weights, behaviours {', '.join(model.behaviors)}")
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    """One JSON object per line, in order, flushed as it goes (other tools read it as a stream).

    With ``--scenario`` the line is heard as in that call (its behaviours, topics and concepts),
    so an author sees what a line lands; each object then also has ``topics`` and ``acts``.
    """
    with_topics = args.scenario is not None
    if with_topics:
        from trainer.engine.listener.listen import scenario_listener

        scenario = catalog(args).scenario(args.scenario)
        if args.rubric is not None and args.rubric != scenario.rubric.id:
            raise UsageError(
                f"scenario '{scenario.id}' is heard with rubric '{scenario.rubric.id}', "
                f"not '{args.rubric}'; drop --rubric"
            )
        with remembered_prefilter():
            listener = scenario_listener(scenario)
    else:
        args.rubric = args.rubric or "core"
        listener = _listener(args)
    texts = [args.text] if args.text is not None else (ln.rstrip("\n") for ln in sys.stdin)
    for text in texts:
        heard = listener.hear(text)
        out: dict[str, object] = {"text": text, "behaviors": [d.to_json() for d in heard.behaviors]}
        if with_topics:
            out["topics"] = [d.to_json() for d in heard.topics]
            out["acts"] = list(heard.acts)
        print(json.dumps(out, ensure_ascii=False), flush=True)
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from trainer.engine.call import replay

    scenario = catalog(args).scenario(args.scenario)
    lines = read_script(args.script)
    call = replay(scenario, lines, seed=args.seed, difficulty=args.difficulty)
    if args.json:
        print(json.dumps(call.to_json(), indent=2, ensure_ascii=False))
    else:
        print(render_transcript(call))
    return 0


def render_transcript(call: Call) -> str:
    """A readable transcript and scorecard for the terminal or a text file."""
    s = call.scenario
    who = s.customer.name
    out = [f"{s.title}  ({s.id}, {call.difficulty}, seed {call.seed})", ""]
    out.append(f"{who}: {call.opening}")
    for t in call.turns:
        out.append("")
        out.append(f"[{t.number}] You: {t.trainee}")
        heard = ", ".join(t.behaviors) or "nothing in particular"
        topics = f"; topics: {', '.join(t.topics)}" if t.topics else ""
        out.append(f"    heard: {heard}{topics}")
        moved = f"{t.mood_before} -> {t.mood_after}" if t.mood_before != t.mood_after else t.mood_after
        why = "; ".join(c.why for c in t.changes if c.moved)
        out.append(f"    mood: {moved}" + (f" ({why})" if why else ""))
        out.append(f"{who}: {t.customer}")
    out.append("")
    outcome = call.outcome or "open"
    out.append(f"Outcome: {outcome.upper()}  ({call.end_reason or 'the script ran out'})")
    card = call.scorecard()
    for c in card.criteria.values():
        out.append(f"  {c.title:<22} {c.score:>3}")
        for e in c.events:
            sign = "+" if e.points > 0 else ""
            out.append(f"      {sign}{e.points:<4} turn {e.turn}, {e.on}: \"{e.evidence}\"")
    out.append(f"  {'Overall':<22} {card.overall:>3}")
    from trainer.report.words import tip_title  # the report package loads the store: only here

    titles = {k: c.title for k, c in card.criteria.items()}
    for cid, tip in card.tips:
        out.append("")
        out.append(f"Tip ({tip_title(cid, titles)}): {tip}")
    return "\n".join(out)


def _default_eval_file() -> Path:
    for base in (Path.cwd(), Path(__file__).resolve().parents[2]):
        candidate = base / "tests" / "data" / "measure" / "utterances-measure.yaml"
        if candidate.is_file():
            return candidate
    raise UsageError("no labelled file found; pass one: trainer eval FILE")


def cmd_eval(args: argparse.Namespace) -> int:
    from trainer.authoring.evaluate import by_style, evaluate, load_examples

    path = Path(args.file) if args.file else _default_eval_file()
    examples = load_examples(path)
    listener = _listener(args)
    results, wrong = evaluate(listener, examples, CORE_BEHAVIORS)
    print(f"{path}: {len(examples)} lines")
    print(f"{'behaviour':<20} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}")
    for r in results:
        print(f"{r.behavior:<20} {r.precision:>9.3f} {r.recall:>7.3f} {r.f1:>6.3f} {r.tp + r.fn:>8}")
    macro = sum(r.f1 for r in results) / len(results)
    core = sum(r.f1 for r in results[:3]) / 3
    print(f"{'macro F1':<20} {macro:>24.3f}")
    print(f"{'core-3 macro F1':<20} {core:>24.3f}  (ownership, excuse, clarifying_question)")
    exact = 1 - len(wrong) / max(1, len(examples))
    print(f"{'exact-set accuracy':<20} {exact:>24.3f}  (every behaviour of a line right, none extra)")
    styles = by_style(listener, examples, CORE_BEHAVIORS)
    if styles:
        print(f"\n{'style':<20} {'lines':>9} {'macro F1':>9} {'exact-set':>10}")
        for style, n, macro_f1, exact_set in styles:
            print(f"{style:<20} {n:>9} {macro_f1:>9.3f} {exact_set:>10.3f}")
    if args.errors:
        for ex, heard in wrong:
            print(f"\n{path}:{ex.line}: {ex.text}")
            print(f"    expected {sorted(ex.labels)}, heard {sorted(heard)}")
    return 0
