"""How much the diary completeness rule moves the capacity figures: the rule and its two bounds.

A day far below a worker's usual hours, with no absence written, is either a day
worked short (a flexi afternoon) or a day written only in part (the afternoon not
written); the diary cannot tell them apart
(:mod:`timestudy.panels.completeness`). The rule keeps a day under ``short_below``
(a quarter) of the usual day whole and leaves out a day from a quarter to
``partial_below`` (a half). Its two bounds:

- **short days left out** (``short_below=0``): every such day taken as written in
  part. Hours come out too high when short days are real;
- **days written in part kept whole** (``use_partial=True``): every such day taken
  as worked short. Hours come out too low when days are written in part.

When the short days are a mixture of the two, the truth lies between the bounds
(for days written in part at random). :func:`diary_rule_bounds` fits the study
three times and reports the point estimates side by side.
"""

from __future__ import annotations

import pandas as pd

#: The completeness options of each column: the bound, the rule, the other bound.
RULES: dict[str, dict] = {
    "short_days_left_out": {"short_below": 0.0, "use_partial": False},
    "rule": {},
    "partial_days_kept_whole": {"use_partial": True},
}
MEASURES = (
    "hours_worked_per_fte_week",
    "non_case_hours_per_fte_week",
    "available_case_hours_per_fte_week",
)


def diary_rule_bounds(
    episodes: pd.DataFrame,
    cases: pd.DataFrame,
    workers: pd.DataFrame | None = None,
    *,
    diary_options: dict | None = None,
    **fit_options,
) -> pd.DataFrame:
    """Hours per FTE-week and per case-month under the completeness rule and its two bounds.

    Parameters
    ----------
    episodes : DataFrame
        Categorised episodes, as for :func:`timestudy.models.fit_study`.
    cases, workers : DataFrame
        Canonical cases and workers tables.
    diary_options : dict, optional
        Completeness options shared by the three fits (``leave``, ``holidays``,
        ``partial_below``, ``short_below``, ``use_partial``), as given for the ``rule``
        column; each bound sets its own on top (``short_below=0`` with
        ``use_partial=False``; ``use_partial=True``; see :data:`RULES`).
    **fit_options
        Passed to :func:`timestudy.models.fit_study` (``day_options``,
        ``piece_options``, ``period``, ``weight``...); ``n_boot`` defaults to 9 and
        ``sensitivity`` to False (only point estimates are reported).

    Returns
    -------
    DataFrame
        Indexed by ``measure``: the three per FTE-week figures of
        :func:`~timestudy.models.available_time` and ``hours_per_case_month_<type>``
        for each case type; columns ``short_days_left_out``, ``rule`` and
        ``partial_days_kept_whole`` (point estimates).

    Examples
    --------
    >>> from timestudy import simulate_study
    >>> from timestudy.capacity import diary_rule_bounds
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2, partial_days=0.1)
    >>> ep = s.diary.rename(columns={"true_task_type": "task_type",
    ...                              "true_category": "category"})
    >>> b = diary_rule_bounds(ep, s.cases, s.workers)
    >>> list(b.columns)
    ['short_days_left_out', 'rule', 'partial_days_kept_whole']
    >>> h = b.loc["hours_worked_per_fte_week"]
    >>> bool(h["partial_days_kept_whole"] <= h["rule"] <= h["short_days_left_out"])
    True
    """
    from timestudy.models import fit_study

    fit_options.setdefault("n_boot", 9)
    fit_options.setdefault("sensitivity", False)
    out = {}
    for name, rule in RULES.items():
        fit = fit_study(
            episodes, cases, workers, diary_options={**(diary_options or {}), **rule}, **fit_options
        )
        av = fit.available.table["estimate"].reindex(list(MEASURES))
        cw = fit.case_weights.table["hours_per_case_month"]
        out[name] = pd.concat([av, cw.set_axis([f"hours_per_case_month_{k}" for k in cw.index])])
    table = pd.DataFrame(out)
    table.index.name = "measure"
    return table
