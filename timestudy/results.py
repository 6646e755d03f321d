"""The shape every estimate takes: a table to compute with, and three ways to show it."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

import pandas as pd


@dataclass(frozen=True)
class Result:
    """Base of timestudy's result objects.

    ``table`` is a plain DataFrame (``to_frame()`` returns a copy); ``summary()``
    rounds it for reading; ``_repr_html_`` shows the title, the table and the
    notes that explain the method in a notebook.
    """

    table: pd.DataFrame
    title: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_frame(self) -> pd.DataFrame:
        """The estimates as a DataFrame (a copy)."""
        return self.table.copy()

    def summary(self, digits: int = 2) -> pd.DataFrame:
        """The estimates rounded for reading."""
        return self.table.round(digits)

    def __repr__(self) -> str:
        notes = "\n".join(f"  - {n}" for n in self.notes)
        return f"{self.title}\n{self.summary().to_string()}\n{notes}".rstrip()

    def _repr_html_(self) -> str:
        notes = "".join(f"<li>{escape(n)}</li>" for n in self.notes)
        return (
            f"<div class='timestudy-result'><h4>{escape(self.title)}</h4>"
            f"{self.summary().to_html(na_rep='-')}"
            + (f"<ul style='font-size:smaller'>{notes}</ul>" if notes else "")
            + "</div>"
        )
