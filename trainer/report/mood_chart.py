"""The mood chart: an inline SVG step chart, so a report needs no script or image file."""

from __future__ import annotations

import html

from trainer.report.words import label as words

SERIES_COLOURS = ("#2563eb", "#db2777", "#059669", "#d97706", "#7c3aed", "#0891b2")


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
            f'<text class="level" x="{left - 8}" y="{yy + 4}" text-anchor="end">{e(words(name))}</text>'
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
                f"<title>{e(label)}, turn {n}: {e(words(mood))}</title></circle>"
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
