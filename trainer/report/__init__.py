"""Debrief reports from the history: one self-contained HTML page, Markdown for wikis, JSON.

Build a :class:`Report` from the store (:func:`call_report` for a call and its branches,
:func:`session_report` for a coach's session), then :func:`render` it. The HTML has no external
assets (inline CSS, an inline SVG mood chart drawn here, a Content-Security-Policy that forbids
loading anything), so it works offline and can be mailed around. Every piece of user or YAML
text goes through ``html.escape``.

For the app: ``render(call_report(store, call_id), "html")`` in a worker, then write the file.
"""

from trainer.report.html_page import to_html
from trainer.report.json_doc import to_json
from trainer.report.markdown_doc import to_markdown
from trainer.report.model import Report, call_report, people, session_report
from trainer.report.mood_chart import SERIES_COLOURS, mood_svg
from trainer.report.render import FORMATS, render
from trainer.store import PersonRow

__all__ = [
    "FORMATS",
    "SERIES_COLOURS",
    "PersonRow",
    "Report",
    "call_report",
    "mood_svg",
    "people",
    "render",
    "session_report",
    "to_html",
    "to_json",
    "to_markdown",
]
