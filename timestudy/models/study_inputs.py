"""The inputs of :func:`~timestudy.models.fit_study`: its checks, the episodes and cases its
panels read, and the piece rules it records.

The steps of ``fit_study`` that call the panels and the estimators (which tests replace on
``timestudy.models``) stay in ``models/__init__.py``; these call neither.
"""

from __future__ import annotations

import pandas as pd

from timestudy.errors import TimestudyError
from timestudy.ingest.dated import time_of_day_known
from timestudy.panels.case_periods import case_periods
from timestudy.panels.episodes import NON_WORK, with_diary_date
from timestudy.panels.shift_tails import on_night_dates
from timestudy.panels.survey_weights import survey_weights

#: Options of pieces_of_work that are rules of linking and attribution (build_pieces), not
#: of coding the diary (code_diary).
PIECE_RULES = ("link_within_days", "travel_gap_min", "notes_within_days")
#: What the panels of fit_study read of the episodes, besides the pieces' instance-id column
#: and the weight: the diary's other columns (activity, location, flags...) are left behind
#: before the row filters, which took every text column (0.5-2 s at 4,000 workers).
#: tests/models/test_panel_reads.py checks that the panels give the same with every column.
PANEL_READS = ("worker_id", "start", "end", "duration_min", "counted_min", "task_type",
               "category", "case_id", "diary_date")
#: The columns of the episodes case_month reads (all of them): taking only these before it
#: filters rows spares it copying a million rows of each text column it never reads.
CASE_MONTH_READS = PANEL_READS


def check_inputs(episodes: pd.DataFrame, cases: pd.DataFrame) -> None:
    """Refuse a diary of fewer than two workers, and a case without a case type.

    Parameters
    ----------
    episodes, cases : DataFrame
        As given to ``fit_study``.

    Raises
    ------
    TimestudyError
        Saying what is wrong and what to do.

    Examples
    --------
    >>> check_inputs(pd.DataFrame({"worker_id": ["W1", "W2"]}), pd.DataFrame())
    >>> check_inputs(pd.DataFrame({"worker_id": ["W1"]}), pd.DataFrame())
    Traceback (most recent call last):
    ...
    timestudy.errors.TimestudyError: the diary has 1 worker(s): estimates with intervals ...
    """
    n_workers = episodes["worker_id"].nunique()
    if n_workers < 2:
        raise TimestudyError(
            f"the diary has {n_workers} worker(s): estimates with intervals need at least 2 "
            "workers (workers, not episodes, are the sampling unit); for one worker, look at "
            "timestudy.panels.worker_week and case_month, or calibrate to a reference guide")
    if "case_type" in cases and cases["case_type"].isna().any():
        raise TimestudyError(
            f"{int(cases['case_type'].isna().sum())} case(s) in the cases table have no "
            "case_type: every case needs one to be weighted (read_cases refuses a blank one); "
            "fill them in, or leave those cases out")


def prepared(episodes: pd.DataFrame, cases: pd.DataFrame, weight: str | None,
             day_options: dict, piece_options: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The episodes and cases every panel of ``fit_study`` reads.

    The survey weights checked (:func:`~timestudy.panels.survey_weights.survey_weights`),
    only the columns the panels read (:data:`PANEL_READS`, the pieces' instance ids, the
    weight, and the flags when some rows have no time of day), the diary date at
    ``day_options``' hour, and a case key per case period
    (:func:`~timestudy.panels.case_periods.case_periods`).

    Parameters
    ----------
    episodes, cases : DataFrame
        Categorised episodes and the cases table.
    weight : str or None
        The column of survey weights.
    day_options, piece_options : dict
        ``fit_study``'s (``day_start_hour``; ``instance_id``).

    Returns
    -------
    episodes, cases : DataFrame

    Examples
    --------
    >>> ep = pd.DataFrame({"worker_id": ["W1"], "activity": ["visit"], "case_id": ["C1"],
    ...                    "start": pd.to_datetime(["2026-03-02 09:00"]),
    ...                    "end": pd.to_datetime(["2026-03-02 10:00"]), "duration_min": 60.0})
    >>> e, c = prepared(ep, pd.DataFrame({"case_id": ["C1"], "case_type": ["CIN"]}),
    ...                 None, {}, {})
    >>> list(e.columns), str(e["diary_date"].iloc[0].date())
    (['worker_id', 'start', 'end', 'duration_min', 'case_id', 'diary_date'], '2026-03-02')
    """
    if weight:  # the one rule of survey weights, before any panel (panels.survey_weights)
        episodes = episodes.assign(**{weight: survey_weights(episodes, weight)})
    # rows without a time of day (ingest's dated layout) keep their flags: worker_day
    # leaves them out of the out-of-hours hours (ingest.dated.time_of_day_known)
    untimed = "flags" in episodes and not time_of_day_known(episodes).all()
    reads = (*PANEL_READS, piece_options.get("instance_id", "instance_id"), weight,
             "flags" if untimed else None)
    episodes = episodes[[c for c in dict.fromkeys(reads) if c and c in episodes]]
    # one diary day for every panel, at day_options' hour
    episodes = with_diary_date(episodes, day_options.get("day_start_hour", 4.0))
    # a case listed once per period (it changed type or holder): a key per period, by the
    # day the pieces read (a night's end after 04:00 on the night's day: shift_tails)
    if not cases["case_id"].duplicated().any():
        return case_periods(episodes, cases)
    nights = on_night_dates(episodes, tuple(day_options.get("non_work", NON_WORK)),
                            day_options.get("day_start_hour", 4.0))
    keyed, cases = case_periods(nights, cases)
    return episodes.assign(case_id=keyed["case_id"]), cases


def piece_definitions(piece_options: dict) -> dict:
    """The linking windows and attribution rules used, for the guide's provenance.

    Parameters
    ----------
    piece_options : dict
        ``fit_study``'s, as given (the taxonomy's windows and calls where not given).

    Returns
    -------
    dict
        ``link_within_days``, ``calls``, ``return_journeys``, ``travel_gap_min``,
        ``notes_within_days``.

    Examples
    --------
    >>> d = piece_definitions({"travel_gap_min": 20})
    >>> d["travel_gap_min"], d["return_journeys"]
    (20.0, True)
    """
    from timestudy.categorise.taxonomy import load_taxonomy
    from timestudy.panels import NOTES_WITHIN_DAYS, TRAVEL_GAP_MIN

    windows = piece_options.get("link_within_days") or load_taxonomy().link_within_days
    calls = piece_options.get("calls")
    return {"link_within_days": {k: int(v) for k, v in windows.items() if v},
            "calls": sorted(load_taxonomy().calls if calls is None else calls),
            "return_journeys": bool(piece_options.get("return_journeys", True)),
            "travel_gap_min": float(piece_options.get("travel_gap_min", TRAVEL_GAP_MIN)),
            "notes_within_days": int(piece_options.get("notes_within_days",
                                                       NOTES_WITHIN_DAYS))}
