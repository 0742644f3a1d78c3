"""The package's own errors: one line naming the file and the problem."""

from __future__ import annotations

from dataclasses import dataclass


class InputError(Exception):
    """Bad input: ``str(err)`` is one line, ``"<path>: <problem>"``; the CLI exits with 2."""

    def __init__(self, path, problem: str):
        self.path, self.problem = str(path), problem
        super().__init__(f"{self.path}: {problem}")


class MissingDataError(InputError):
    """A derived file the caller needs has not been built yet."""


class QueryError(ValueError):
    """DuckDB refused or failed a query of :func:`analysis.query` (bad SQL, an unknown table
    or column): ``str(err)`` is DuckDB's message on one line, with the tables there are."""


@dataclass(frozen=True)
class Problem:
    """A record that could not be read: ``str(problem)`` is one line naming file and row."""

    path: str
    row: int | None
    problem: str

    def __str__(self) -> str:
        where = f"{self.path}: row {self.row}" if self.row is not None else self.path
        return f"{where}: {self.problem}"
