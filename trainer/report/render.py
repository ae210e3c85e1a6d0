"""Choosing a renderer by format name, as the CLI's ``--format`` and the app ask for it."""

from __future__ import annotations

import json

from trainer.report.html_page import to_html
from trainer.report.json_doc import to_json
from trainer.report.markdown_doc import to_markdown
from trainer.report.model import Report

FORMATS = ("html", "md", "json")


def render(report: Report, fmt: str) -> str:
    if fmt == "html":
        return to_html(report)
    if fmt == "md":
        return to_markdown(report)
    if fmt == "json":
        return json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n"
    raise ValueError(f"format must be one of {', '.join(FORMATS)}")
