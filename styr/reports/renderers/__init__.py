"""Renderers: one ``Report`` in, the bytes of one file format out."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from styr.reports.document import Report

_paused = 0
_paused_lock = threading.Lock()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a file is written.

    WeasyPrint and python-docx create hundreds of thousands of long-lived objects (boxes,
    XML elements); every few thousand allocations the collector walks them all again,
    which was a third of a PDF's CPU time. Reference counting still frees everything
    that is not in a cycle; one collection afterwards frees the cycles. Counted, so that
    two threads rendering at once leave the collector off until both are done.
    """
    global _paused
    with _paused_lock:
        _paused += 1
        if _paused == 1:
            gc.disable()
    try:
        yield
    finally:
        with _paused_lock:
            _paused -= 1
            if _paused == 0:
                gc.enable()
        if _paused == 0:
            gc.collect(1)


def render(report: Report, fmt_name: str) -> bytes:
    with collector_paused():
        return _render(report, fmt_name)


def _render(report: Report, fmt_name: str) -> bytes:
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
