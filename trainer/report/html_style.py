"""The debrief page's stylesheet and its one script, inline so the page works offline."""

CSS = """
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
SCRIPT = """
document.documentElement.dataset.ready = "yes";
document.documentElement.dataset.charts = String(document.querySelectorAll("svg.mood-chart").length);
"""
