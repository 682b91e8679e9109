"""The one exception the document importer raises for input it cannot use."""

from __future__ import annotations


class ImportProblem(Exception):
    """A file cannot be imported; the message names the file and what is wrong.

    Readers and the interpreter raise this (and only this) for bad input, so callers such
    as ``styr parse`` can show a clear message instead of a traceback.
    """

    def __init__(
        self,
        file: str,
        message: str,
        *,
        line: int | None = None,
        page: int | None = None,
    ) -> None:
        self.file = file
        self.message = message
        self.line = line
        self.page = page
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file
        if self.page is not None:
            where += f", sida {self.page}"
        if self.line is not None:
            where += f", rad {self.line}"
        return f"{where}: {self.message}"
