"""The debrief as one self-contained HTML page: team and per-person tables, branches, calls.

No external assets (inline CSS, inline SVG, a Content-Security-Policy that forbids loading
anything), so it works offline and can be mailed around.
"""

from __future__ import annotations

from trainer.report.html_call import badge, call_html, escape, overall, turn_html
from trainer.report.html_style import CSS, SCRIPT
from trainer.report.model import Report, branch_families, call_label
from trainer.report.mood_chart import mood_svg
from trainer.store import CallRecord


def _criterion_heads(report: Report) -> str:
    return "".join(f'<th class="num">{escape(t)}</th>' for _, t in report.criteria)


def _team_html(report: Report) -> str:
    """One row per call: who, result, turns, each criterion, overall."""
    rows = []
    for c in report.calls:
        cells = "".join(f'<td class="num">{c.scores.get(cid, "")}</td>' for cid, _ in report.criteria)
        rows.append(
            f'<tr><td><a href="#call-{c.id}">{escape(call_label(c))}</a></td>'
            f"<td>{escape(', '.join(c.speakers) or c.trainee)}</td><td>{badge(c)}</td>"
            f'<td class="num">{len(c.turns)}</td>{cells}'
            f'<td class="num"><b>{overall(c)}</b></td></tr>'
        )
    return (
        '<table class="team"><tr><th>Call</th><th>Who</th><th>Result</th><th class="num">Turns</th>'
        f'{_criterion_heads(report)}<th class="num">Overall</th></tr>{"".join(rows)}</table>'
    )


def _people_html(report: Report) -> str:
    """One row per person: turns, points per criterion, net, mood steps, best score, behaviours."""
    rows = []
    for p in report.people:
        cells = "".join(f'<td class="num">{p.points.get(cid, 0):+d}</td>' for cid, _ in report.criteria)
        top = ", ".join(f"{escape(b)} &times;{n}" for b, n in sorted(p.behaviors.items(), key=lambda x: -x[1]))
        rows.append(
            f'<tr class="person"><td>{escape(p.name)}</td><td class="num">{p.turns}</td>{cells}'
            f'<td class="num"><b>{p.net:+d}</b></td><td class="num">{p.mood_steps:+d}</td>'
            f'<td class="num">{"-" if p.overall is None else p.overall}</td><td>{top}</td></tr>'
        )
    return (
        '<table class="people"><tr><th>Trainee</th><th class="num">Turns</th>'
        f'{_criterion_heads(report)}<th class="num">Net points</th><th class="num">Mood steps</th>'
        f'<th class="num">Best score</th><th>Behaviours</th></tr>{"".join(rows)}</table>'
        '<p class="detail">Points and mood steps earned on each person\'s own turns; turns a '
        "branch replays from its parent are not counted twice. Best score: the scorecard of "
        "their own turns in their best call, as <code>trainer history</code> shows it.</p>"
    )


def _branches_html(report: Report, family: list[CallRecord]) -> str:
    """One chart with every branch's mood, then the branches side by side from where they split."""
    first = family[0]
    series = [(call_label(c), c.mood_path) for c in family]
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
        turns = "".join(turn_html(c, t) for t in c.turns if not t.inherited)
        focus = " focus" if c.id == report.focus else ""
        cols.append(
            f'<div class="branch{focus}"><h3>{escape(call_label(c))}</h3>'
            f"<p>{badge(c)} overall <b>{overall(c)}</b></p>"
            f"{shared}{turns}</div>"
        )
    return f'<h2>Branches</h2>{chart}<div class="branches">{"".join(cols)}</div>'


def to_html(report: Report) -> str:
    e = escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">",
        f"<title>Debrief: {e(report.title)}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>Debrief: {e(report.title)}</h1>",
    ]
    s = report.session
    if s is not None:
        parts.append(
            f'<p class="meta">Session {s.id} &middot; created {e(s.created_at)}'
            + (f" &middot; group {e(s.group)}" if s.group else "")
            + (f" &middot; trainees {e(', '.join(s.trainees))}" if s.trainees else "")
            + "</p>"
        )
    parts.append(f"<h2>{'Team' if s is not None else 'Summary'}</h2>{_team_html(report)}")
    if report.per_trainee:
        parts.append(f"<h2>Per trainee</h2>{_people_html(report)}")
    for fam in branch_families(report.calls):
        parts.append(_branches_html(report, fam))
    parts += [call_html(c) for c in report.focus_first]
    parts.append(
        f"<footer>Tough Call Trainer debrief, generated {e(report.generated_at)}. "
        "Scores are the sum of the quoted events; argue with any of them.</footer>"
    )
    parts.append(f"<script>{SCRIPT}</script></body></html>")
    return "\n".join(parts) + "\n"
