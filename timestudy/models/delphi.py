"""Delphi panel: rounds of expert estimates, their spread, convergence and consensus.

Per item (a task's minutes per piece, a case type's hours per case-month, a task's
pieces per case-month on a case type), measure and round: the median, the quartiles,
the interquartile range relative to the median, and the share of experts within
``band`` (default 20%) of the median. The consensus rule (stated in every output):
an item reaches consensus in a round when at least ``min_share`` (default 70%) of
the experts are within the band of the median **and** the IQR is at most
``max_relative_iqr`` (default 0.3) of the median. The panel's value is the median of
the last round; an item without consensus in its last round is flagged, not averaged
away.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from timestudy.results import Result, Section


@dataclass(frozen=True, repr=False)
class DelphiPanel(Result):
    """Per round spread and consensus, and the panel's final values.

    Attributes
    ----------
    rounds : DataFrame
        One row per item, measure and round: ``n_experts``, ``median``, ``q1``, ``q3``,
        ``iqr``, ``relative_iqr``, ``share_within_band`` and ``consensus``.
    final : DataFrame
        One row per item and measure: ``value`` (last round's median), ``q1``, ``q3``,
        ``round`` (the last), ``n_experts``, ``consensus`` and ``rounds_to_consensus``.
    rule : str
        The consensus rule in words.
    min_experts : int
        Fewest experts in an item's round for a consensus.
    """

    rounds: pd.DataFrame
    final: pd.DataFrame
    rule: str
    min_experts: int = 5
    title = "Delphi panel"

    def summary(self) -> pd.DataFrame:
        """The final panel values (columns as ``final``)."""
        return self.final

    def _notes(self) -> tuple[str, ...]:
        return (f"Consensus rule: {self.rule}.",)

    def _sections(self) -> list[Section]:
        """Spread by round (the table the panel is shown between rounds)."""
        cols = ["item", "measure", "round", "n_experts", "median", "q1", "q3", "relative_iqr",
                "share_within_band", "consensus"]
        return [Section("Rounds", table=self.rounds[cols].set_index(["item", "measure"]),
                        detail=True)]

    def convergence(self) -> pd.DataFrame:
        """Median and relative IQR of each item by round, one column per round."""
        return self.rounds.pivot_table(index=["item", "measure"], columns="round",
                                       values=["median", "relative_iqr"])

    def plot(self, ax=None):
        """Relative IQR by round for each item, with the consensus line; returns the Axes."""
        from timestudy.plots.should import delphi_convergence_plot

        return delphi_convergence_plot(self.rounds, self.max_relative_iqr, ax=ax)

    @property
    def max_relative_iqr(self) -> float:
        return float(self.rule.split("IQR at most ")[1].split(" ")[0])


def delphi_rounds(panel: pd.DataFrame, *, band: float = 0.2, min_share: float = 0.7,
                  max_relative_iqr: float = 0.3, min_experts: int = 5) -> DelphiPanel:
    """Median, IQR and share within the band by round; consensus and final values.

    Parameters
    ----------
    panel : DataFrame
        From :func:`timestudy.ingest.evidence.read_delphi` (``expert_id``, ``round``,
        ``item``, ``measure``, ``value``).
    band, min_share, max_relative_iqr
        The consensus rule (see the module notes).
    min_experts : int
        Fewest experts for a consensus: one or two experts always agree with their own
        median, which is no panel.

    Examples
    --------
    Five experts; round 2 has four of five within 20% of the median 150:

    >>> p = pd.DataFrame({"expert_id": list("abcde") * 2, "round": [1] * 5 + [2] * 5,
    ...     "item": "task:visit", "measure": "minutes_per_piece",
    ...     "value": [100, 150, 220, 130, 180, 140, 150, 200, 150, 145]})
    >>> d = delphi_rounds(p)
    >>> d.rounds[["round", "median", "share_within_band", "consensus"]].values.tolist()
    [[1, 150.0, 0.6, False], [2, 150.0, 0.8, True]]
    >>> float(d.final["value"].iloc[0]), int(d.final["rounds_to_consensus"].iloc[0])
    (150.0, 2)
    """
    g = panel.groupby(["item", "measure", "round"])["value"]
    r = pd.DataFrame({"n_experts": g.size(), "median": g.median(), "q1": g.quantile(0.25),
                      "q3": g.quantile(0.75)})
    r["iqr"] = r["q3"] - r["q1"]
    with np.errstate(all="ignore"):
        r["relative_iqr"] = r["iqr"] / r["median"]
    med = panel.join(r["median"], on=["item", "measure", "round"])
    within = (med["value"] - med["median"]).abs() <= band * med["median"].abs()
    r["share_within_band"] = within.groupby([med["item"], med["measure"], med["round"]]).mean()
    r["consensus"] = ((r["share_within_band"] >= min_share)
                      & (r["relative_iqr"] <= max_relative_iqr)
                      & (r["n_experts"] >= min_experts))
    r = r.reset_index()
    last = r.groupby(["item", "measure"])["round"].transform("max") == r["round"]
    first_ok = r.loc[r["consensus"]].groupby(["item", "measure"])["round"].min()
    final = r.loc[last, ["item", "measure", "median", "q1", "q3", "round", "n_experts",
                         "consensus"]].rename(columns={"median": "value"})
    final = final.join(first_ok.rename("rounds_to_consensus"), on=["item", "measure"])
    rule = (f"at least {min_share:.0%} of experts within {band:.0%} of the median and the "
            f"IQR at most {max_relative_iqr:g} of the median, with at least {min_experts} "
            "experts")
    return DelphiPanel(r, final.reset_index(drop=True), rule, min_experts)
