"""Problems found in catalog data, collected and reported all at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data: where it is and what a person should fix."""

    file: str
    entity: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entity}: {self.field}: {self.message}"


class CatalogError(ValueError):
    """The catalog (or a user layer) is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        lines = "\n".join(str(problem) for problem in self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the catalog:\n{lines}")
