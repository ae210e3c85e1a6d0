"""The debrief as Markdown, for a wiki or a chat message: tables, transcript, scores, tips."""

from __future__ import annotations

import html

from trainer.report.model import Report, call_label, criterion_title, negative
from trainer.report.words import label, readable
from trainer.store import CallRecord


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


def _overall(c: CallRecord) -> str:
    return str(c.overall if c.overall is not None else "-")


def _call_md(c: CallRecord) -> list[str]:
    """One call's section: how it went, the transcript with what was heard, the scores."""
    out = ["", f"## {_md(call_label(c))}: {c.status}", ""]
    out.append(
        f"{_md(c.title)}, {c.difficulty}, seed {c.seed}, {c.mode}, trainee {_md(c.trainee)}. "
        + (_md(readable(c.end_reason or "", c.scale)) if c.finished else "The call did not finish.")
    )
    out += ["", f"Mood: {' → '.join(_md(label(m)) for m in c.mood_path)}", ""]
    out.append(f"**{_md(c.customer)}:** {_md(c.opening)}")
    bad = negative(c)
    for t in c.turns:
        tag = " _(replayed)_" if t.inherited else ""
        out += ["", f"**[{t.number}] {_md(t.speaker)}:** {_md(t.trainee)}{tag}"]
        marked = (_md(b) + (" (negative)" if b in bad else "") for b in t.behaviors)
        heard = ", ".join(marked) or "nothing in particular"
        before, after = label(t.mood_before), label(t.mood_after)
        moved = after if before == after else f"{before} → {after}"
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
    rows.append(["**Overall**", f"**{_overall(c)}**", f"pass mark {c.pass_mark}"])
    out += _md_table(["Criterion", "Score", "Evidence"], rows)
    for tip in c.card.get("tips", []):
        out += ["", f"> **Tip ({_md(criterion_title(c, tip['criterion']))}):** {_md(tip['tip'])}"]
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
                _md(call_label(c)),
                _md(", ".join(c.speakers) or c.trainee),
                c.status + (" (passed)" if c.passed else ""),
                str(len(c.turns)),
                *(str(c.scores.get(cid, "")) for cid, _ in crits),
                _overall(c),
            ]
            for c in report.calls
        ],
    )
    if report.per_trainee:
        out += ["", "## Per trainee", ""]
        out += _md_table(
            ["Trainee", "Turns", *(_md(t) for _, t in crits), "Net", "Mood steps", "Best score"],
            [
                [
                    _md(p.name),
                    str(p.turns),
                    *(f"{p.points.get(cid, 0):+d}" for cid, _ in crits),
                    f"{p.net:+d}",
                    f"{p.mood_steps:+d}",
                    "-" if p.overall is None else str(p.overall),
                ]
                for p in report.people
            ],
        )
    for c in report.focus_first:
        out += _call_md(c)
    out += ["", f"_Generated {report.generated_at} by Tough Call Trainer._", ""]
    return "\n".join(out)
