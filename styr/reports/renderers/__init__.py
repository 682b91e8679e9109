"""Renderers: one ``Report`` in, the bytes of one file format out."""

from __future__ import annotations

from styr.reports.document import Report


def render(report: Report, fmt_name: str) -> bytes:
    if fmt_name == "docx":
        from styr.reports.renderers.word import render_docx

        return render_docx(report)
    if fmt_name == "pdf":
        from styr.reports.renderers.pdf import render_pdf

        return render_pdf(report)
    if fmt_name == "xlsx":
        from styr.reports.renderers.excel import render_xlsx

        return render_xlsx(report)
    if fmt_name == "ics":
        from styr.reports.renderers.ical import render_ics

        return render_ics(report)
    raise ValueError(f"unknown format {fmt_name!r}")
