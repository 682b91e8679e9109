"""The one exception the interchange raises for a document or an org path it cannot use."""

from __future__ import annotations


class InterchangeError(Exception):
    """Bad input; ``problems`` lists every problem found, each naming the item and key."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(self.problems)
