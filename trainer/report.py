"""Debrief reports from the history: one self-contained HTML page, Markdown for wikis, JSON.

Build a :class:`Report` from the store (:func:`call_report` for a call and its branches,
:func:`session_report` for a coach's session), then :func:`render` it. The HTML has no external
assets (inline CSS, an inline SVG mood chart drawn here, a Content-Security-Policy that forbids
loading anything), so it works offline and can be mailed around. Every piece of user or YAML
text goes through ``html.escape``.

For the app: ``render(call_report(store, call_id), "html")`` in a worker, then write the file.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from trainer.store import CallRecord, SessionRecord, Store, StoreError

FORMATS = ("html", "md", "json")
SERIES_COLOURS = ("#2563eb", "#db2777", "#059669", "#d97706", "#7c3aed", "#0891b2")


@dataclass(frozen=True)
class PersonRow:
    """What one speaker did across the report's calls (turns inherited by a branch not counted)."""

    name: str
    turns: int
    points: dict[str, int]
    net: int
    mood_steps: int
    behaviors: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "turns": self.turns,
            "points": self.points,
            "net_points": self.net,
            "mood_steps": self.mood_steps,
            "behaviors": self.behaviors,
        }


@dataclass(frozen=True)
class Report:
    title: str
    calls: tuple[CallRecord, ...]
    focus: int | None = None
    session: SessionRecord | None = None
    people: tuple[PersonRow, ...] = ()
    generated_at: str = field(
        default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds")
    )

    @property
    def criteria(self) -> list[tuple[str, str]]:
        """(id, title) of every criterion in the report's calls, in first-seen order."""
        seen: dict[str, str] = {}
        for c in self.calls:
            for crit in c.card.get("criteria", []):
                seen.setdefault(str(crit["id"]), str(crit["title"]))
        return list(seen.items())


# -- building ----------------------------------------------------------------------------------


def people(calls: tuple[CallRecord, ...] | list[CallRecord]) -> tuple[PersonRow, ...]:
    """Per-speaker turns, points by criterion, mood steps and behaviours."""
    order: list[str] = []
    turns: Counter[str] = Counter()
    points: dict[str, Counter[str]] = {}
    steps: Counter[str] = Counter()
    behaviors: dict[str, Counter[str]] = {}
    for call in calls:
        scale = call.scale
        for t in call.turns:
            if t.inherited:
                continue
            who = t.speaker
            if who not in order:
                order.append(who)
            turns[who] += 1
            mine = points.setdefault(who, Counter())
            for e in t.score_events:
                mine[str(e["criterion"])] += int(e["points"])
            if t.mood_before in scale and t.mood_after in scale:
                steps[who] += scale.index(t.mood_after) - scale.index(t.mood_before)
            behaviors.setdefault(who, Counter()).update(t.behaviors)
    return tuple(
        PersonRow(
            name=who,
            turns=turns[who],
            points=dict(points.get(who, {})),
            net=sum(points.get(who, Counter()).values()),
            mood_steps=steps[who],
            behaviors=dict(behaviors.get(who, {})),
        )
        for who in order
    )


def call_report(store: Store, call_id: int) -> Report:
    """A call with every branch of its tree (the root and all rewinds)."""
    family = tuple(store.family(call_id))
    focus = next(c for c in family if c.id == call_id)
    title = f"{focus.title}: {focus.trainee}"
    return Report(title, family, call_id, None, people(family))


def session_report(store: Store, session_id: int) -> Report:
    session = store.load_session(session_id)
    if not session.calls:
        raise StoreError(f"session {session_id} has no calls yet")
    title = session.title or f"Session {session.id}"
    return Report(title, session.calls, None, session, people(session.calls))


def render(report: Report, fmt: str) -> str:
    if fmt == "html":
        return to_html(report)
    if fmt == "md":
        return to_markdown(report)
    if fmt == "json":
        return json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n"
    raise ValueError(f"format must be one of {', '.join(FORMATS)}")


# -- JSON --------------------------------------------------------------------------------------


def to_json(report: Report) -> dict[str, Any]:
    return {
        "report": "tough-call-trainer/debrief",
        "version": 1,
        "title": report.title,
        "generated_at": report.generated_at,
        "focus": report.focus,
        "session": report.session.to_json() if report.session else None,
        "people": [p.to_json() for p in report.people],
        "team": [_team_row(c) for c in report.calls],
        "calls": [c.to_json() for c in report.calls],
    }


def _team_row(c: CallRecord) -> dict[str, Any]:
    return {
        "call": c.id,
        "branch_of": {"call": c.parent_id, "turn": c.parent_turn} if c.parent_uuid else None,
        "trainee": c.trainee,
        "speakers": c.speakers,
        "scenario": c.scenario_id,
        "status": c.status,
        "overall": c.overall,
        "scores": c.scores,
        "turns": len(c.turns),
        "passed": c.passed,
    }


# -- the mood chart ----------------------------------------------------------------------------


def mood_svg(
    scale: list[str],
    series: list[tuple[str, list[str]]],
    won: str | None = None,
    lost: str | None = None,
    title: str = "Mood over the call",
) -> str:
    """An inline SVG step chart: one line per (label, mood path) over the scale's levels."""
    e = html.escape
    levels = len(scale) or 1
    turns = max((len(p) - 1 for _, p in series), default=0)
    left, right, top, row = 110, 20, 16, 26
    width = 640
    plot_w = width - left - right
    height = top + row * (levels - 1) + 40 + (18 * len(series) if len(series) > 1 else 0)
    step_x = plot_w / max(1, turns)

    def y(mood: str) -> float:
        i = scale.index(mood) if mood in scale else 0
        return top + row * (levels - 1 - i)

    def x(n: int) -> float:
        return left + step_x * n

    out = [
        f'<svg class="mood-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px">',
        f"<title>{e(title)}</title>",
    ]
    for i, name in enumerate(scale):
        yy = top + row * (levels - 1 - i)
        cls = "grid"
        if name == won:
            cls = "grid won"
        elif name == lost:
            cls = "grid lost"
        out.append(f'<line class="{cls}" x1="{left}" x2="{width - right}" y1="{yy}" y2="{yy}"/>')
        out.append(
            f'<text class="level" x="{left - 8}" y="{yy + 4}" text-anchor="end">{e(name)}</text>'
        )
    base = top + row * (levels - 1)
    for n in range(turns + 1):
        out.append(
            f'<text class="tick" x="{x(n):.1f}" y="{base + 18}" text-anchor="middle">{n}</text>'
        )
    out.append(
        f'<text class="tick" x="{left + plot_w / 2:.1f}" y="{base + 34}" '
        'text-anchor="middle">turn</text>'
    )
    for k, (label, path) in enumerate(series):
        if not path:
            continue
        colour = SERIES_COLOURS[k % len(SERIES_COLOURS)]
        d = [f"M {x(0):.1f} {y(path[0]):.1f}"]
        for n in range(1, len(path)):
            d.append(f"H {x(n):.1f} V {y(path[n]):.1f}")
        dash = ' stroke-dasharray="6 3"' if k else ""
        out.append(
            f'<path class="mood-line" d="{" ".join(d)}" fill="none" stroke="{colour}" '
            f'stroke-width="2.5"{dash}><title>{e(label)}</title></path>'
        )
        for n, mood in enumerate(path):
            out.append(
                f'<circle cx="{x(n):.1f}" cy="{y(mood):.1f}" r="3.5" fill="{colour}">'
                f"<title>{e(label)}, turn {n}: {e(mood)}</title></circle>"
            )
        if len(series) > 1:
            ly = base + 44 + 18 * k
            out.append(
                f'<line x1="{left}" x2="{left + 24}" y1="{ly}" y2="{ly}" stroke="{colour}" '
                f'stroke-width="2.5"{dash}/>'
                f'<text class="legend" x="{left + 30}" y="{ly + 4}">{e(label)}</text>'
            )
    out.append("</svg>")
    return "\n".join(out)


# -- HTML --------------------------------------------------------------------------------------

_CSS = """
:root { --ink:#1f2937; --muted:#6b7280; --line:#e5e7eb; --good:#047857; --bad:#b91c1c;
  --accent:#2563eb; --bg:#ffffff; --soft:#f9fafb; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  background: var(--bg); margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 1.6em; margin: 0 0 4px; } h2 { margin-top: 32px; border-bottom: 2px solid var(--line); }
h3 { margin-bottom: 6px; }
.meta { color: var(--muted); margin: 0 0 12px; }
table { border-collapse: collapse; margin: 8px 0 16px; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: .85em;
  font-weight: 600; background: var(--line); }
.badge.won, .badge.pass { background: #d1fae5; color: var(--good); }
.badge.lost, .badge.fail { background: #fee2e2; color: var(--bad); }
.badge.unfinished { background: #fef3c7; color: #92400e; }
.chip { display: inline-block; padding: 0 6px; margin: 1px 2px; border-radius: 4px; font-size: .82em;
  background: #eef2ff; color: #3730a3; }
.chip.bad { background: #fee2e2; color: var(--bad); } .chip.topic { background: #ecfeff; color: #155e75; }
.turn { border-left: 3px solid var(--line); padding: 4px 0 4px 12px; margin: 10px 0; }
.turn.inherited { opacity: .6; }
.who { font-weight: 600; } .customer .who { color: #7c2d12; }
.say { white-space: pre-wrap; }
.detail { color: var(--muted); font-size: .88em; margin: 2px 0; }
.pts.plus { color: var(--good); } .pts.minus { color: var(--bad); }
blockquote { margin: 2px 0 2px 8px; padding-left: 8px; border-left: 3px solid var(--line);
  color: #374151; font-style: italic; }
.tip { background: #fffbeb; border: 1px solid #fde68a; padding: 6px 10px; border-radius: 6px; margin: 6px 0; }
.branches { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 14px; }
.branch { border: 1px solid var(--line); border-radius: 8px; padding: 10px; background: var(--soft); }
.branch.focus { border-color: var(--accent); }
.mood-chart .grid { stroke: var(--line); stroke-width: 1; }
.mood-chart .grid.won { stroke: #34d399; stroke-dasharray: 4 3; }
.mood-chart .grid.lost { stroke: #f87171; stroke-dasharray: 4 3; }
.mood-chart text { font: 11px system-ui, sans-serif; fill: var(--muted); }
.mood-chart .legend { fill: var(--ink); }
footer { color: var(--muted); font-size: .85em; margin-top: 40px; }
@media print { .branches { display: block; } .branch { break-inside: avoid; margin-bottom: 12px; } }
"""

# Proves the page ran with no errors (a headless browser's DOM dump shows the attribute).
_SCRIPT = """
document.documentElement.dataset.ready = "yes";
document.documentElement.dataset.charts = String(document.querySelectorAll("svg.mood-chart").length);
"""

_NEGATIVE = {"excuse", "dismissive", "repetition", "blame", "interrupt"}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _badge(c: CallRecord) -> str:
    status = c.status
    out = f'<span class="badge {_e(status)}">{_e(status)}</span>'
    if c.mode == "assessment" and c.finished:
        out += (
            ' <span class="badge pass">passed</span>'
            if c.passed
            else ' <span class="badge fail">not passed</span>'
        )
    return out


def _call_label(c: CallRecord) -> str:
    if c.parent_uuid:
        return f"Call {c.id} (branch of {c.parent_id or '?'} after turn {c.parent_turn})"
    return f"Call {c.id}"


def _turn_html(c: CallRecord, t: Any) -> str:
    chips = "".join(
        f'<span class="chip{" bad" if d["id"] in _NEGATIVE else ""}" '
        f'title="{_e(d.get("evidence", ""))}">{_e(d["id"])}</span>'
        for d in t.detections
    )
    chips += "".join(f'<span class="chip topic">topic: {_e(x)}</span>' for x in t.topics)
    mood = _e(t.mood_after) if t.mood_before == t.mood_after else (
        f"{_e(t.mood_before)} &rarr; {_e(t.mood_after)}"
    )
    why = "; ".join(_e(w["why"]) for w in t.why if w.get("before") != w.get("after"))
    pts = "".join(
        f'<span class="pts {"plus" if int(ev["points"]) > 0 else "minus"}">'
        f'{int(ev["points"]):+d} {_e(ev["criterion"])}</span> '
        for ev in t.score_events
    )
    cls = "turn inherited" if t.inherited else "turn"
    return (
        f'<div class="{cls}" id="call-{c.id}-turn-{t.number}">'
        f'<div class="trainee"><span class="who">[{t.number}] {_e(t.speaker)}:</span> '
        f'<span class="say">{_e(t.trainee)}</span></div>'
        f'<div class="detail">heard: {chips or "nothing in particular"}</div>'
        f'<div class="detail">mood: {mood}{(" (" + why + ")") if why else ""}'
        f'{(" &middot; " + pts) if pts else ""}</div>'
        f'<div class="customer"><span class="who">{_e(c.customer)}:</span> '
        f'<span class="say">{_e(t.customer)}</span></div></div>'
    )


def _criteria_html(c: CallRecord) -> str:
    rows = []
    for crit in c.card.get("criteria", []):
        quotes = "".join(
            f'<blockquote>{int(ev["points"]):+d} turn {int(ev["turn"])}, {_e(ev["on"])}: '
            f"&ldquo;{_e(ev['evidence'])}&rdquo;</blockquote>"
            for ev in crit.get("events", [])
        )
        rows.append(
            f'<tr><td>{_e(crit["title"])}</td><td class="num">{int(crit["score"])}</td>'
            f'<td class="num">{_e(crit.get("weight", ""))}</td>'
            f"<td>{quotes or '<span class=detail>no evidence heard</span>'}</td></tr>"
        )
    overall = c.overall if c.overall is not None else "&ndash;"
    rows.append(
        f'<tr><th>Overall</th><th class="num">{overall}</th><th></th>'
        f"<th>pass mark {c.pass_mark}</th></tr>"
    )
    tips = "".join(
        f'<div class="tip"><b>Tip ({_e(_crit_title(c, t["criterion"]))}):</b> {_e(t["tip"])}</div>'
        for t in c.card.get("tips", [])
    )
    return (
        '<table class="criteria"><tr><th>Criterion</th><th class="num">Score</th>'
        '<th class="num">Weight</th><th>Evidence</th></tr>' + "".join(rows) + "</table>" + tips
    )


def _crit_title(c: CallRecord, cid: str) -> str:
    for crit in c.card.get("criteria", []):
        if crit["id"] == cid:
            return str(crit["title"])
    return cid


def _call_html(c: CallRecord) -> str:
    snap = c.scenario
    meta = (
        f"{_e(c.title)} &middot; {_e(c.difficulty)} &middot; seed {c.seed} &middot; "
        f"{_e(c.mode)} &middot; trainee {_e(c.trainee)}"
        + (f" &middot; speakers {_e(', '.join(c.speakers))}" if len(c.speakers) > 1 else "")
        + f" &middot; started {_e(c.started_at)}"
    )
    end = _e(c.end_reason) if c.finished else "the call did not finish (it may still be running, or it was interrupted)"
    chart = mood_svg(
        c.scale,
        [(f"call {c.id}", c.mood_path)],
        won=snap.get("won_mood"),
        lost=snap.get("lost_mood"),
        title=f"Mood over call {c.id}",
    )
    turns = "".join(_turn_html(c, t) for t in c.turns)
    return (
        f'<section class="call" id="call-{c.id}"><h2>{_e(_call_label(c))} {_badge(c)}</h2>'
        f'<p class="meta">{meta}</p><p>{end}</p>'
        f"<h3>Mood</h3>{chart}"
        f"<h3>Transcript</h3>"
        f'<div class="turn"><div class="customer"><span class="who">{_e(c.customer)}:</span> '
        f'<span class="say">{_e(c.opening)}</span></div></div>{turns}'
        f"<h3>Scores</h3>{_criteria_html(c)}</section>"
    )


def _team_html(report: Report) -> str:
    crits = report.criteria
    head = "".join(f'<th class="num">{_e(t)}</th>' for _, t in crits)
    rows = []
    for c in report.calls:
        cells = "".join(f'<td class="num">{c.scores.get(cid, "")}</td>' for cid, _ in crits)
        rows.append(
            f'<tr><td><a href="#call-{c.id}">{_e(_call_label(c))}</a></td>'
            f"<td>{_e(', '.join(c.speakers) or c.trainee)}</td><td>{_badge(c)}</td>"
            f'<td class="num">{len(c.turns)}</td>{cells}'
            f'<td class="num"><b>{c.overall if c.overall is not None else "&ndash;"}</b></td></tr>'
        )
    return (
        '<table class="team"><tr><th>Call</th><th>Who</th><th>Result</th><th class="num">Turns</th>'
        f'{head}<th class="num">Overall</th></tr>{"".join(rows)}</table>'
    )


def _people_html(report: Report) -> str:
    crits = report.criteria
    head = "".join(f'<th class="num">{_e(t)}</th>' for _, t in crits)
    rows = []
    for p in report.people:
        cells = "".join(f'<td class="num">{p.points.get(cid, 0):+d}</td>' for cid, _ in crits)
        top = ", ".join(f"{_e(b)} &times;{n}" for b, n in sorted(p.behaviors.items(), key=lambda x: -x[1]))
        rows.append(
            f'<tr class="person"><td>{_e(p.name)}</td><td class="num">{p.turns}</td>{cells}'
            f'<td class="num"><b>{p.net:+d}</b></td><td class="num">{p.mood_steps:+d}</td>'
            f"<td>{top}</td></tr>"
        )
    return (
        '<table class="people"><tr><th>Trainee</th><th class="num">Turns</th>'
        f'{head}<th class="num">Net points</th><th class="num">Mood steps</th><th>Behaviours</th>'
        f'</tr>{"".join(rows)}</table>'
        '<p class="detail">Points and mood steps earned on each person\'s own turns; turns a '
        "branch replays from its parent are not counted twice.</p>"
    )


def _branches_html(report: Report, family: list[CallRecord]) -> str:
    first = family[0]
    series = [(_call_label(c), c.mood_path) for c in family]
    chart = mood_svg(
        first.scale,
        series,
        won=first.scenario.get("won_mood"),
        lost=first.scenario.get("lost_mood"),
        title="Mood on every branch",
    )
    cols = []
    for c in family:
        start = c.parent_turn or 0
        shared = (
            f'<p class="detail">turns 1&ndash;{start} as in call {c.parent_id}</p>' if start else ""
        )
        turns = "".join(_turn_html(c, t) for t in c.turns if not t.inherited)
        focus = " focus" if c.id == report.focus else ""
        cols.append(
            f'<div class="branch{focus}"><h3>{_e(_call_label(c))}</h3>'
            f'<p>{_badge(c)} overall <b>{c.overall if c.overall is not None else "&ndash;"}</b></p>'
            f"{shared}{turns}</div>"
        )
    return f'<h2>Branches</h2>{chart}<div class="branches">{"".join(cols)}</div>'


def _families(calls: tuple[CallRecord, ...]) -> list[list[CallRecord]]:
    """Calls grouped by branch tree (root uuid), trees with more than one call only."""
    by_uuid = {c.uuid: c for c in calls}

    def root(c: CallRecord) -> str:
        seen = set()
        while c.parent_uuid and c.parent_uuid in by_uuid and c.uuid not in seen:
            seen.add(c.uuid)
            c = by_uuid[c.parent_uuid]
        return c.uuid

    groups: dict[str, list[CallRecord]] = {}
    for c in calls:
        groups.setdefault(root(c), []).append(c)
    return [g for g in groups.values() if len(g) > 1]


def to_html(report: Report) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">",
        f"<title>Debrief: {_e(report.title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Debrief: {_e(report.title)}</h1>",
    ]
    s = report.session
    if s is not None:
        parts.append(
            f'<p class="meta">Session {s.id} &middot; created {_e(s.created_at)}'
            + (f" &middot; group {_e(s.group)}" if s.group else "")
            + (f" &middot; trainees {_e(', '.join(s.trainees))}" if s.trainees else "")
            + "</p>"
        )
    parts.append(f"<h2>{'Team' if s is not None else 'Summary'}</h2>{_team_html(report)}")
    if s is not None or any(len(c.speakers) > 1 for c in report.calls):
        parts.append(f"<h2>Per trainee</h2>{_people_html(report)}")
    for fam in _families(report.calls):
        parts.append(_branches_html(report, fam))
    ordered = sorted(report.calls, key=lambda c: (c.id != report.focus, c.id))
    parts += [_call_html(c) for c in ordered]
    parts.append(
        f"<footer>Tough Call Trainer debrief, generated {_e(report.generated_at)}. "
        "Scores are the sum of the quoted events; argue with any of them.</footer>"
    )
    parts.append(f"<script>{_SCRIPT}</script></body></html>")
    return "\n".join(parts) + "\n"


# -- Markdown ----------------------------------------------------------------------------------


def _md(text: object) -> str:
    """Text safe in a Markdown paragraph (HTML escaped, no stray emphasis)."""
    out = html.escape(str(text), quote=False).replace("\n", " ")
    for ch in "\\`*_[]|#":
        out = out.replace(ch, "\\" + ch)
    return out


def _md_table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def to_markdown(report: Report) -> str:
    crits = report.criteria
    out = [f"# Debrief: {_md(report.title)}", ""]
    s = report.session
    if s is not None:
        out += [f"Session {s.id}, created {_md(s.created_at)}; trainees {_md(', '.join(s.trainees))}", ""]
    out += [f"## {'Team' if s else 'Summary'}", ""]
    out += _md_table(
        ["Call", "Who", "Result", "Turns", *(_md(t) for _, t in crits), "Overall"],
        [
            [
                _md(_call_label(c)),
                _md(", ".join(c.speakers) or c.trainee),
                c.status + (" (passed)" if c.passed else ""),
                str(len(c.turns)),
                *(str(c.scores.get(cid, "")) for cid, _ in crits),
                str(c.overall if c.overall is not None else "-"),
            ]
            for c in report.calls
        ],
    )
    if s is not None or any(len(c.speakers) > 1 for c in report.calls):
        out += ["", "## Per trainee", ""]
        out += _md_table(
            ["Trainee", "Turns", *(_md(t) for _, t in crits), "Net", "Mood steps"],
            [
                [
                    _md(p.name),
                    str(p.turns),
                    *(f"{p.points.get(cid, 0):+d}" for cid, _ in crits),
                    f"{p.net:+d}",
                    f"{p.mood_steps:+d}",
                ]
                for p in report.people
            ],
        )
    for c in sorted(report.calls, key=lambda c: (c.id != report.focus, c.id)):
        out += ["", f"## {_md(_call_label(c))}: {c.status}", ""]
        out.append(
            f"{_md(c.title)}, {c.difficulty}, seed {c.seed}, {c.mode}, trainee {_md(c.trainee)}. "
            + (_md(c.end_reason or "") if c.finished else "The call did not finish.")
        )
        out += ["", f"Mood: {' → '.join(_md(m) for m in c.mood_path)}", ""]
        out.append(f"**{_md(c.customer)}:** {_md(c.opening)}")
        for t in c.turns:
            tag = " _(replayed)_" if t.inherited else ""
            out += ["", f"**[{t.number}] {_md(t.speaker)}:** {_md(t.trainee)}{tag}"]
            heard = ", ".join(_md(b) for b in t.behaviors) or "nothing in particular"
            moved = t.mood_after if t.mood_before == t.mood_after else f"{t.mood_before} → {t.mood_after}"
            pts = ", ".join(f"{int(e['points']):+d} {_md(e['criterion'])}" for e in t.score_events)
            out.append(f"- heard: {heard}; mood: {_md(moved)}" + (f"; {pts}" if pts else ""))
            out += ["", f"**{_md(c.customer)}:** {_md(t.customer)}"]
        out += ["", "### Scores", ""]
        rows = []
        for crit in c.card.get("criteria", []):
            ev = "<br>".join(
                f"{int(e['points']):+d} turn {int(e['turn'])}: “{_md(e['evidence'])}”"
                for e in crit.get("events", [])
            )
            rows.append([_md(crit["title"]), str(crit["score"]), ev])
        rows.append(["**Overall**", f"**{c.overall if c.overall is not None else '-'}**", f"pass mark {c.pass_mark}"])
        out += _md_table(["Criterion", "Score", "Evidence"], rows)
        for tip in c.card.get("tips", []):
            out += ["", f"> **Tip ({_md(_crit_title(c, tip['criterion']))}):** {_md(tip['tip'])}"]
    out += ["", f"_Generated {report.generated_at} by Tough Call Trainer._", ""]
    return "\n".join(out)
