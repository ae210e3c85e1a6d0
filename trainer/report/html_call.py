"""One call as HTML: its badge, turns, scores and mood chart. Every text goes through escape."""

from __future__ import annotations

import html

from trainer.report.model import call_label, criterion_title, negative
from trainer.report.mood_chart import mood_svg
from trainer.report.words import label, readable, unique
from trainer.store import CallRecord, TurnRecord


def escape(text: object) -> str:
    return html.escape(str(text), quote=True)


def overall(c: CallRecord) -> str:
    return str(c.overall) if c.overall is not None else "&ndash;"


def badge(c: CallRecord) -> str:
    """Status, and for a finished assessment whether it passed."""
    status = c.status
    out = f'<span class="badge {escape(status)}">{escape(status)}</span>'
    if c.mode == "assessment" and c.finished:
        out += (
            ' <span class="badge pass">passed</span>'
            if c.passed
            else ' <span class="badge fail">not passed</span>'
        )
    return out


def turn_html(c: CallRecord, t: TurnRecord) -> str:
    """The line, what was heard, how the mood moved and why, the points, and the reply."""
    e = escape
    bad = negative(c)  # shown as red chips
    chips = "".join(
        f'<span class="chip{" bad" if d["id"] in bad else ""}" '
        f'title="{e(d.get("evidence", ""))}">{e(d["id"])}</span>'
        for d in t.detections
    )
    chips += "".join(f'<span class="chip topic">topic: {e(x)}</span>' for x in t.topics)
    before, after = label(t.mood_before), label(t.mood_after)
    mood = e(after) if before == after else f"{e(before)} &rarr; {e(after)}"
    whys = unique(str(w["why"]) for w in t.why if w.get("before") != w.get("after"))
    why = "; ".join(e(readable(w, c.scale)) for w in whys)
    pts = "".join(
        f'<span class="pts {"plus" if int(ev["points"]) > 0 else "minus"}">'
        f'{int(ev["points"]):+d} {e(ev["criterion"])}</span> '
        for ev in t.score_events
    )
    cls = "turn inherited" if t.inherited else "turn"
    return (
        f'<div class="{cls}" id="call-{c.id}-turn-{t.number}">'
        f'<div class="trainee"><span class="who">[{t.number}] {e(t.speaker)}:</span> '
        f'<span class="say">{e(t.trainee)}</span></div>'
        f'<div class="detail">heard: {chips or "nothing in particular"}</div>'
        f'<div class="detail">mood: {mood}{(" (" + why + ")") if why else ""}'
        f'{(" &middot; " + pts) if pts else ""}</div>'
        f'<div class="customer"><span class="who">{e(c.customer)}:</span> '
        f'<span class="say">{e(t.customer)}</span></div></div>'
    )


def criteria_html(c: CallRecord) -> str:
    """Each criterion's score with the quoted events that made it, then the tips."""
    e = escape
    rows = []
    for crit in c.card.get("criteria", []):
        quotes = "".join(
            f'<blockquote>{int(ev["points"]):+d} turn {int(ev["turn"])}, {e(ev["on"])}: '
            f"&ldquo;{e(ev['evidence'])}&rdquo;</blockquote>"
            for ev in crit.get("events", [])
        )
        rows.append(
            f'<tr><td>{e(crit["title"])}</td><td class="num">{int(crit["score"])}</td>'
            f'<td class="num">{e(crit.get("weight", ""))}</td>'
            f"<td>{quotes or '<span class=detail>no evidence heard</span>'}</td></tr>"
        )
    rows.append(
        f'<tr><th>Overall</th><th class="num">{overall(c)}</th><th></th>'
        f"<th>pass mark {c.pass_mark}</th></tr>"
    )
    tips = "".join(
        f'<div class="tip"><b>Tip ({e(criterion_title(c, t["criterion"]))}):</b> {e(t["tip"])}</div>'
        for t in c.card.get("tips", [])
    )
    return (
        '<table class="criteria"><tr><th>Criterion</th><th class="num">Score</th>'
        '<th class="num">Weight</th><th>Evidence</th></tr>' + "".join(rows) + "</table>" + tips
    )


def call_html(c: CallRecord) -> str:
    """The call's section: heading, how it ended, mood chart, transcript, scores."""
    e = escape
    snap = c.scenario
    meta = (
        f"{e(c.title)} &middot; {e(c.difficulty)} &middot; seed {c.seed} &middot; "
        f"{e(c.mode)} &middot; trainee {e(c.trainee)}"
        + (f" &middot; speakers {e(', '.join(c.speakers))}" if len(c.speakers) > 1 else "")
        + f" &middot; started {e(c.started_at)}"
    )
    end = e(readable(c.end_reason or "", c.scale)) if c.finished else "the call did not finish (it may still be running, or it was interrupted)"
    chart = mood_svg(
        c.scale,
        [(f"call {c.id}", c.mood_path)],
        won=snap.get("won_mood"),
        lost=snap.get("lost_mood"),
        title=f"Mood over call {c.id}",
    )
    turns = "".join(turn_html(c, t) for t in c.turns)
    return (
        f'<section class="call" id="call-{c.id}"><h2>{e(call_label(c))} {badge(c)}</h2>'
        f'<p class="meta">{meta}</p><p>{end}</p>'
        f"<h3>Mood</h3>{chart}"
        f"<h3>Transcript</h3>"
        f'<div class="turn"><div class="customer"><span class="who">{e(c.customer)}:</span> '
        f'<span class="say">{e(c.opening)}</span></div></div>{turns}'
        f"<h3>Scores</h3>{criteria_html(c)}</section>"
    )
