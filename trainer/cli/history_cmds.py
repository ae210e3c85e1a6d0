"""History commands: record, history, report, export, import.

Every command takes ``--db PATH`` (else ``$TRAINER_DB``, else the user data folder). Problems
with the database or a file become one line on stderr and exit 1 (see trainer.store.StoreError).
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from trainer import report as reports
from trainer.cli.common import UsageError, add_call_options, add_catalog_options, catalog
from trainer.engine.call import Call
from trainer.store import (
    MODES,
    CallSummary,
    LeaderRow,
    PersonRow,
    Store,
    StoreError,
    check_export,
    read_export,
    resolve_db_path,
)

Handler = Callable[[argparse.Namespace], int]


def _friendly(handler: Handler) -> Handler:
    """StoreError -> UsageError, which the CLI prints as one line with exit code 1."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except StoreError as exc:
            raise UsageError(str(exc)) from None

    return run


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        metavar="PATH",
        help="the history database (default: $TRAINER_DB, else the user data folder)",
    )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "record", help="play a call from lines as they arrive, saving each turn at once"
    )
    add_catalog_options(p)
    add_call_options(p)
    _add_db(p)
    p.add_argument("scenario", metavar="SCENARIO", help="an id from `trainer list` or a YAML path")
    p.add_argument(
        "--script", default="-", metavar="FILE", help="one trainee line per line ('-': stdin)"
    )
    p.add_argument("--name", default="you", help="the trainee's name")
    p.add_argument("--mode", choices=MODES, default="practice")
    p.add_argument("--group", help="a team or cohort label")
    p.add_argument("--session", metavar="ID", help="add the call to this session")
    p.add_argument(
        "--speakers",
        metavar="A,B,...",
        help="hot seat: attribute lines to these people in turn (default: the trainee)",
    )
    p.set_defaults(handler=_friendly(cmd_record))

    p = sub.add_parser("history", help="past calls with outcome and scores")
    _add_db(p)
    p.add_argument("--trainee", metavar="NAME")
    p.add_argument("--scenario", metavar="ID")
    p.add_argument("--mode", choices=MODES)
    p.add_argument("--session", metavar="ID")
    p.add_argument("--since", metavar="DATE", help="only calls started on or after DATE")
    p.add_argument(
        "--leaderboard",
        action="store_true",
        help="each trainee's best per scenario and the scenarios passed in assessment mode",
    )
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print a JSON array")
    fmt.add_argument("--csv", action="store_true", help="print CSV with a header row")
    p.set_defaults(handler=_friendly(cmd_history))

    p = sub.add_parser("report", help="a debrief of a call (with its branches) or a session")
    _add_db(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("call", nargs="?", metavar="CALL_ID", help="a call id or UUID (prefix)")
    which.add_argument("--last", action="store_true", help="the most recent call")
    which.add_argument("--session", metavar="ID", help="a session: per-trainee and team tables")
    p.add_argument(
        "--format",
        choices=reports.FORMATS,
        help="default: from the -o suffix, else md on standard output",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.set_defaults(handler=_friendly(cmd_report))

    p = sub.add_parser("export", help="calls as one JSON file for `trainer import` elsewhere")
    _add_db(p)
    p.add_argument("--since", metavar="DATE", help="only calls started on or after DATE")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.set_defaults(handler=_friendly(cmd_export))

    p = sub.add_parser("import", help="add calls from export files (each call only once)")
    _add_db(p)
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(handler=_friendly(cmd_import))


# -- opening ------------------------------------------------------------------------------------


def _open_for_read(args: argparse.Namespace) -> Store | None:
    """The store, or None when there is no history file yet (reading never creates one)."""
    path = resolve_db_path(args.db)
    if not path.exists():
        return None
    try:
        return Store.open(path)
    except StoreError as exc:
        if "read-only" not in str(exc):
            raise
        return Store.open(path, readonly=True)


# -- record ---------------------------------------------------------------------------------------


def _lines(name: str) -> Iterator[str]:
    """Trainee lines as they arrive (blank lines and # comments skipped)."""
    stream: IO[str]
    if name == "-":
        stream = sys.stdin
    else:
        try:
            stream = open(name, encoding="utf-8")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise UsageError(f"cannot read script {name}: {exc.strerror}") from None
    try:
        while True:
            try:
                raw = stream.readline()
            except UnicodeDecodeError:
                raise UsageError(f"{name}: the script is not UTF-8; save it as UTF-8") from None
            if not raw:
                return
            line = raw.strip()
            if line and not line.startswith("#"):
                yield line
    finally:
        if stream is not sys.stdin:
            stream.close()


def cmd_record(args: argparse.Namespace) -> int:
    scenario = catalog(args).scenario(args.scenario)
    speakers = [s.strip() for s in (args.speakers or "").split(",") if s.strip()]
    call = Call(scenario, seed=args.seed, difficulty=args.difficulty, trainee_name=args.name)
    with Store.open(args.db) as store:
        session = store.resolve_session(args.session) if args.session else None
        cid = store.start_call(
            scenario,
            args.seed,
            args.difficulty,
            args.name,
            args.mode,
            group=args.group,
            session=session,
            opening=call.opening,
        )
        print(f"# call {cid} in {store.path}", flush=True)
        print(f"{scenario.customer.name}: {call.opening}", flush=True)
        for line in _lines(args.script):
            if call.ended:
                break
            turn = call.say(line)
            speaker = speakers[(turn.number - 1) % len(speakers)] if speakers else None
            store.record_turn(cid, turn, speaker)
            print(f"[{turn.number}] {scenario.customer.name}: {turn.customer}", flush=True)
        store.finish_call(cid, call)
        overall = call.scorecard().overall
        print(f"# {call.outcome or 'open'}, overall {overall}; `trainer report {cid}`", flush=True)
    return 0


# -- history ----------------------------------------------------------------------------------

_CSV_FIELDS = [
    "id",
    "uuid",
    "started_at",
    "trainee",
    "scenario",
    "mode",
    "status",
    "overall",
    "passed",
    "turns",
    "session",
    "parent_call",
    "parent_turn",
    "team",
]


def cmd_history(args: argparse.Namespace) -> int:
    """Past calls, or with --leaderboard the bests; a hot seat shows the team and each person."""
    store = _open_for_read(args)
    if args.leaderboard:
        rows = []
        if store is not None:
            with store:
                rows = store.leaderboard(args.scenario)
        if args.trainee:
            rows = [r for r in rows if r.trainee == args.trainee]
        _print_leaderboard(args, rows)
        return 0
    calls = []
    if store is not None:
        with store:
            session = store.resolve_session(args.session) if args.session else None
            calls = store.calls(args.trainee, args.scenario, session, args.mode, args.since)
    if args.json:
        _print_json([c.to_json() for c in calls])
    elif args.csv:
        _print_calls_csv(calls, args.trainee)
    elif not calls:
        print(f"no calls yet (history: {resolve_db_path(args.db)})")
    else:
        _print_calls(calls, args.trainee)
    return 0


def _people(c: CallSummary, trainee: str | None) -> list[PersonRow]:
    """A hot seat's per-person rows to list under its call (only ``trainee``'s when asked)."""
    return [p for p in c.people if trainee is None or p.name == trainee]


def _print_calls_csv(calls: list[CallSummary], trainee: str | None) -> None:
    """One row per call, then one per person of a hot seat (their name, score and turns typed,
    the call's trainee under ``team``)."""
    dw = csv.DictWriter(sys.stdout, _CSV_FIELDS, lineterminator="\n")
    dw.writeheader()
    for c in calls:
        j = c.to_json()
        row = {
            **{k: j[k] for k in _CSV_FIELDS if k in j},
            "scenario": c.scenario_id,
            "passed": c.passed if c.mode == "assessment" and c.finished else "",
            "parent_call": c.parent_id,
            "parent_turn": c.parent_turn,
        }
        dw.writerow(row)
        for p in _people(c, trainee):
            dw.writerow({**row, "trainee": p.name, "overall": p.overall, "passed": "",
                         "turns": p.turns, "team": c.trainee})  # fmt: skip


def _print_calls(calls: list[CallSummary], trainee: str | None) -> None:
    """The history table; a hot seat's people on the lines under the team's."""
    table: list[list[str]] = []
    for c in calls:
        branch = f"(branch of {c.parent_id} at turn {c.parent_turn})"
        table.append(
            [
                str(c.id),
                c.started_at[:16].replace("T", " "),
                c.trainee,
                c.scenario_id,
                c.mode,
                c.status + ("*" if c.passed else ""),
                _n(c.overall),
                str(c.turns),
                branch if c.parent_turn is not None else "",
            ]
        )
        for p in _people(c, trainee):
            table.append(["", "", f"  {p.name}", "", "", "", _n(p.overall), str(p.turns), ""])
    _print_table(
        [">id", "started", "trainee", "scenario", "mode", "result", ">score", ">turns", ""], table
    )
    if any(c.people for c in calls):
        print("indented: each person in a hot seat, scored on the turns they typed")
    if any(c.passed for c in calls):
        print("* passed in assessment mode")


def _print_leaderboard(args: argparse.Namespace, rows: list[LeaderRow]) -> None:
    """Bests per trainee and scenario (a hot seat's people have their own rows)."""
    if args.json:
        _print_json([r.to_json() for r in rows])
    elif args.csv:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(["trainee", "scenario", "best", "attempts", "best_assessment", "passed"])
        for r in rows:
            assessed = r.best_assessment is not None
            w.writerow(
                [r.trainee, r.scenario_id, r.best, r.attempts, r.best_assessment,
                 r.passed if assessed else ""]
            )  # fmt: skip
    elif not rows:
        print("no finished calls yet")
    else:
        _print_table(
            ["trainee", "scenario", ">best", ">tries", "assessment"],
            [
                [
                    r.trainee,
                    r.scenario_id,
                    _n(r.best),
                    str(r.attempts),
                    "passed"
                    if r.passed
                    else ("not passed" if r.best_assessment is not None else "-"),
                ]
                for r in rows
            ],
        )


def _print_table(heads: list[str], rows: list[list[str]]) -> None:
    """Columns as wide as their widest value, so no id or name is ever cut (an id is what
    `trainer report` is given). A head starting with '>' is right-aligned."""
    names = [h.lstrip(">") for h in heads]
    right = [h.startswith(">") for h in heads]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]

    def line(cells: list[str]) -> str:
        out = [c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right, strict=True)]
        return "  ".join(out).rstrip()

    print(line(names))
    for r in rows:
        print(line(r))


def _n(value: int | None) -> str:
    return "-" if value is None else str(value)


def _print_json(obj: object) -> None:
    print(json.dumps(obj, indent=2, ensure_ascii=False))


# -- report ----------------------------------------------------------------------------------


def cmd_report(args: argparse.Namespace) -> int:
    fmt = args.format
    if fmt is None:
        suffix = Path(args.output).suffix.lower().lstrip(".") if args.output else ""
        fmt = {"htm": "html", "html": "html", "md": "md", "markdown": "md", "json": "json"}.get(
            suffix, "html" if args.output else "md"
        )
    store = _open_for_read(args)
    if store is None:
        raise UsageError(f"no history at {resolve_db_path(args.db)} yet; nothing to report")
    with store:
        if args.session:
            report = reports.session_report(store, store.resolve_session(args.session))
        elif args.last:
            last = store.last_call_id()
            if last is None:
                raise UsageError("no calls yet; nothing to report")
            report = reports.call_report(store, last)
        else:
            report = reports.call_report(store, store.resolve_call(args.call))
    text = reports.render(report, fmt)
    if args.output:
        _write(Path(args.output), text)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _write(path: Path, text: str) -> None:
    """Write whole or not at all (a temporary file renamed into place)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None


# -- export and import -----------------------------------------------------------------------


def cmd_export(args: argparse.Namespace) -> int:
    store = _open_for_read(args)
    if store is None:
        raise UsageError(f"no history at {resolve_db_path(args.db)} yet; nothing to export")
    with store:
        doc = store.export(args.since)
    text = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
    if args.output:
        _write(Path(args.output), text)
        print(f"exported {len(doc['calls'])} call(s) to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    docs = []
    for name in args.files:  # check every file before importing any
        doc = read_export(name)
        check_export(doc, name)
        docs.append((name, doc))
    with Store.open(args.db) as store:
        for name, doc in docs:
            r = store.import_data(doc, name)
            print(
                f"{name}: {r.added} call(s) added, {r.updated} updated, {r.skipped} already "
                f"here; {r.sessions_added} session(s) added"
            )
    return 0
