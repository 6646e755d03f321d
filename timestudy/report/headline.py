"""The report's first paragraph, built from the guide's figures (``meta["headline"]``).

Every number in these sentences is read from the guide (``guide.json``), never
typed in: change a figure in the guide and the sentence changes with it.
"""

from __future__ import annotations

from timestudy.capacity.over_capacity import count_in_sentence
from timestudy.report.format import case_count, interval, number, percent
from timestudy.report.labels import case_type_label


def _ci(item: dict | None, digits: int = 1, *, share: bool = False, unit: str = "",
        bare: bool = False) -> str:
    if not item:
        return ""
    shown = interval(item.get("ci_low"), item.get("ci_high"), 0 if share else digits,
                     share=share)
    if bare:
        return f"interval {shown}{unit}" if shown else ""
    return f" (interval {shown}{unit})" if shown else ""


def _est(item: dict | None, digits: int = 1) -> str:
    return number((item or {}).get("estimate"), digits)


def _short(name: str, most: int = 60) -> str:
    """A name from data as a sentence shows it: a very long one cut, with an ellipsis."""
    return name if len(name) <= most else name[: most - 1] + "…"


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def not_costed_text(h: dict) -> str:
    """The cases the guide gives no hours for, e.g. "5 PROCEEDINGS cases not costed: too
    few workers"; empty when every case is costed. The cases with no case type (an item
    whose ``case_type`` is None) are named without one.

    Examples
    --------
    >>> not_costed_text({"not_costed": [
    ...     {"case_type": "PROCEEDINGS", "n_cases": 5, "why": "too few workers"}]})
    '5 PROCEEDINGS cases not costed: too few workers'
    >>> not_costed_text({"not_costed": [
    ...     {"case_type": "PROCEEDINGS", "n_cases": 5, "why": "too few workers"},
    ...     {"case_type": "NEW", "n_cases": 1, "why": "not in the guide"}]})
    '5 PROCEEDINGS cases (too few workers) and 1 NEW case (not in the guide) not costed'
    >>> not_costed_text({"not_costed": [
    ...     {"case_type": None, "n_cases": 2, "why": "no case type given"}]})
    '2 cases not costed: no case type given'
    >>> not_costed_text({"cases_left_out": 3})
    '3 cases not costed: their hours are not shown'
    """
    items = h.get("not_costed")
    if not items:
        n = int(h.get("cases_left_out") or 0)  # a guide.json written before not_costed
        return f"{n:,} case{'s' if n != 1 else ''} not costed: their hours are not shown" \
            if n else ""
    named = [f"{int(i['n_cases']):,} "
             + ("" if i["case_type"] is None else f"{_short(case_type_label(i['case_type']))} ")
             + f"case{'s' if int(i['n_cases']) != 1 else ''}" for i in items]
    whys = {i["why"] for i in items}
    if len(whys) == 1:
        return f"{_and(named)} not costed: {whys.pop()}"
    return _and([f"{n} ({i['why']})" for n, i in zip(named, items, strict=True)]) + " not costed"


def holders(h: dict, key: str) -> str:
    """A headline count of workers in a sentence, as the guide publishes it: "1 worker",
    "fewer than 5 of the 12 workers" (withheld as a number), "some workers" (not even in
    words).

    Examples
    --------
    >>> holders({"unlisted_workers": 2}, "unlisted_workers")
    '2 workers'
    >>> holders({"unlisted_workers": None, "unlisted_workers_words": "fewer than 5 of 12"},
    ...         "unlisted_workers")
    'fewer than 5 of the 12 workers'
    """
    return count_in_sentence(h.get(key), h.get(f"{key}_words"))


def _some(h: dict, key: str) -> bool:
    """Whether a headline count of workers is more than none (withheld counts are)."""
    k = h.get(key)
    return int(k) > 0 if k is not None else h.get(f"{key}_words") is not None


def caseload_sentence(h: dict) -> str:
    """The caseload the evidence supports for this mix against the caseload held."""
    s = h["supported_cases_per_fte"]
    held = h.get("held_cases_per_fte")
    lost = not_costed_text(h)
    mix = f"For this case mix ({lost})" if lost else "For this case mix"
    n = int(h.get("no_hours_cases") or 0)
    apart = (f" (not counting {n:,} case{'s' if n != 1 else ''} held by "
             f"{holders(h, 'no_hours_workers')} with no hours for casework)" if n else "")
    text = (f"{mix}, the evidence supports {_est(s)} cases per full-time "
            f"worker{_ci(s)}; workers hold {number(held, 1)} per FTE{apart}")
    est = (s or {}).get("estimate")
    costed, n_all = h.get("held_costed_cases_per_fte"), h.get("held_cases")
    n_costed = h.get("held_costed_cases")
    after = ""
    if lost and costed is not None and n_all is not None and n_costed != n_all:
        # the cases supported count costed cases only: compare like with like
        left = int(n_all) - int(n_costed)
        text += (f" counting all their cases (the {left:,} not costed included) and "
                 f"{number(costed, 1)} per FTE counting only the {int(n_costed):,} costed")
        held, after = costed, ", before the cases not costed"
    if held and est:
        ratio = held / est
        text += (f", {number(ratio, 1)} times as many" if ratio >= 1.05 else
                 (f", {percent(1 - ratio)} fewer" if ratio <= 0.95 else ", about as many"))
        text += after
    return text + "."


def _no_status_why(h: dict) -> str:
    """Why the workers with no status have none: cases not costed (their other cases under
    amber) and/or no hours for casework, as the headline's figures say."""
    why = []
    if not_costed_text(h):
        why.append("holding cases not costed whose other cases stay under amber")
    if _some(h, "no_hours_workers") or not why:
        why.append("holding cases with no hours available (an FTE of 0 or a role holding no "
                   "caseload)")
    return " or ".join(why)


def _counts(h: dict) -> tuple[str | None, int | None, str | None]:
    """The counts over capacity and with no status as published: the words of each (None:
    not published) and the number with no status (None: withheld). A guide.json written
    before the words gave the numbers only: they are shown as they were."""
    none = h.get("n_no_status")
    if "n_over_capacity_words" not in h:  # an older guide.json
        none = int(none or 0)
        return (f"{h['n_over_capacity']:,} of {h['n_workers'] - none:,}", none, f"{none:,}")
    return (h.get("n_over_capacity_words"), None if none is None else int(none),
            h.get("n_no_status_words"))


def over_capacity_sentence(h: dict) -> str:
    """The share of workers over capacity: of the workers with a status, by the one rule of
    the statements and the table of workers by status (every case held counts; a worker
    whose costed cases alone reach amber is over, at least; one holding a case not costed
    whose other cases stay under amber has no status). A count of fewer than the
    disclosure threshold, or leaving fewer, is in words, and then no share is given.

    Examples
    --------
    >>> h = {"n_workers": 9, "n_over_capacity": None, "n_over_capacity_words":
    ...      "fewer than 5 of 9", "n_no_status": None, "n_no_status_words": "at least 5 of 9",
    ...      "share_over_capacity": None, "over_capacity_from": 1.0, "cases_left_out": 9}
    >>> print(over_capacity_sentence(h))
    Fewer than 5 of 9 workers hold more work than their hours for casework allow (a weighted load of 100% or more, counting a worker whose costed cases alone reach it); at least 5 of 9 have no status (holding cases not costed whose other cases stay under amber), so no share over capacity is shown: with so few workers it would say how many.
    """
    s = h["share_over_capacity"]
    ci = _ci(s, share=True, bare=True)
    lost = not_costed_text(h)
    floor = ", counting a worker whose costed cases alone reach it" if lost else ""
    over, none, none_words = _counts(h)
    why = _no_status_why(h)
    edge = f"a weighted load of {percent(h.get('over_capacity_from'))} or more{floor}"
    n, idle = int(h["n_workers"]), int(h.get("no_hours_workers") or 0)
    if n and idle >= n:  # a share of no workers: every holder has no hours (published)
        return (f"No worker holding cases has hours for casework: the {n:,} "
                f"worker{'s' if n != 1 else ''} holding them (an FTE of 0 or a role holding "
                f"no caseload) {'have' if n != 1 else 'has'} no weighted load or status, so "
                "no share of workers over capacity can be given.")
    if none and n - none <= 0:  # a share of no workers
        return (f"No worker holding cases has a status: the {none:,} "
                f"worker{'s' if none != 1 else ''} {why} {'have' if none != 1 else 'has'} "
                "no weighted load or status, so no share of workers over capacity can be "
                "given.")
    if s and over is not None and none is not None:
        apart = (f"; {none:,} worker{'s' if none != 1 else ''} {why} "
                 f"{'have' if none != 1 else 'has'} no status and "
                 f"{'are' if none != 1 else 'is'} not counted" if none else "")
        return (f"{percent(s.get('estimate'))} of workers ({over}{'; ' + ci if ci else ''}) "
                f"hold more work than their hours for casework allow ({edge}{apart}).")
    rated = " with a status" if none else ""  # the count is then of those workers
    text = (f"{over[0].upper()}{over[1:]} workers{rated} hold more work than their hours for "
            f"casework allow ({edge})" if over else
            f"How many workers hold more work than their hours for casework allow ({edge}) "
            "is not shown")
    if none is None and none_words:
        text += f"; {none_words} have no status ({why})"
    elif none:
        text += f"; {none:,} worker{'s' if none != 1 else ''} {why} " \
                f"{'have' if none != 1 else 'has'} no status"
    return text + (", so no share over capacity is shown: with so few workers it would say "
                   "how many.")


def bounds(h: dict) -> tuple[str, str]:
    """The words before the FTE needed and before the gap or staffing ratio: "at least " and
    "at most " when some cases are not costed (their hours are needed too, so the FTE
    needed is a lower bound), else nothing. The one rule of the headline and the table
    of staff needed by team.

    Examples
    --------
    >>> bounds({"cases_left_out": 9}), bounds({"cases_left_out": 0})
    (('at least ', 'at most '), ('', ''))
    """
    return ("at least ", "at most ") if not_costed_text(h) else ("", "")


def open_interval(low, high, digits: int = 1) -> str:
    """An interval whose one side may have no limit (``None``: the hours available for
    casework may be 0, so the FTE needed may be any number): said so, never left out as
    if the figure were exact.

    Examples
    --------
    >>> open_interval(9.04, 15.2), open_interval(9.04, None), open_interval(None, 2.0)
    ('9.0 to 15.2', '9.0 to no upper limit', 'no lower limit to 2.0')
    >>> open_interval(None, None)
    ''
    """
    if low is not None and high is not None:
        return interval(low, high, digits)
    if low is not None:
        return f"{number(low, digits)} to no upper limit"
    if high is not None:
        return f"no lower limit to {number(high, digits)}"
    return ""


def staffing_sentence(h: dict) -> str:
    """The staff needed, the gap and the WISN ratio."""
    need, gap, ratio = h["fte_needed"], h["gap_fte"], h.get("staffing_ratio")
    g = (gap or {}).get("estimate")
    if g is None:
        return ""
    lost = not_costed_text(h)  # FTE needed is then a lower bound: at least, at most
    least, most = bounds(h)
    gap_text = (f"a shortfall of {least}{number(-g, 1)} FTE" if g < 0
                else f"{most}{number(g, 1)} FTE to spare")
    low, high = (gap or {}).get("ci_low"), (gap or {}).get("ci_high")
    if g < 0:  # a shortfall: the gap's limits turned round
        low, high = (None if high is None else -high), (None if low is None else -low)
    gap_shown = open_interval(low, high)
    gap_ci = f" (interval {gap_shown})" if gap_shown else ""
    free = h.get("unallocated_cases") or 0
    off = h.get("unlisted_cases") or 0
    parts = ([f"{free:,} case{'s' if free != 1 else ''} no worker holds"] if free else []) + (
        [f"{case_count(off)} case{'s' if off != 1 else ''} held by "
         f"{holders(h, 'unlisted_workers')}"
         " not in the workers table (no FTE counted for them)"] if off else [])
    held = f", including {' and '.join(parts)}," if parts else ""
    shown = open_interval((need or {}).get("ci_low"), (need or {}).get("ci_high"))
    why = "; ".join(p for p in ((f"interval {shown}" if shown else ""), lost) if p)
    text = (f"Holding this caseload within contracted hours needs {least}{_est(need)} FTE"
            f"{f' ({why})' if why else ''}{held} against {number(h.get('fte_in_post'), 1)} "
            f"case-holding FTE in post: {gap_text}{gap_ci}")
    if ratio:
        text += (f". Staff in post are {most}{_est(ratio, 2)} of the staff needed"
                 f"{_ci(ratio, 2)}, the WISN ratio (1 or more means enough staff)")
    return text + "."


#: Hours a week per FTE worked beyond the contract below which the report does not say that
#: workers worked longer than their contracts (a rounding's worth, not a finding).
BEYOND_CONTRACT_H = 0.5


def hours_beyond_contract(h: dict) -> float | None:
    """Hours a week per FTE worked beyond the contract, where more than
    :data:`BEYOND_CONTRACT_H`; else None (also when either figure is missing).

    Examples
    --------
    >>> hours_beyond_contract({"hours_worked_per_fte_week": {"estimate": 40.8},
    ...                        "contracted_hours_per_fte_week": 37})
    3.799999999999997
    >>> hours_beyond_contract({"hours_worked_per_fte_week": {"estimate": 37.4},
    ...                        "contracted_hours_per_fte_week": 37}) is None
    True
    """
    w = (h.get("hours_worked_per_fte_week") or {}).get("estimate")
    c = h.get("contracted_hours_per_fte_week")
    if w is None or c is None or w - c <= BEYOND_CONTRACT_H:
        return None
    return w - c


def hours_sentence(h: dict) -> str:
    """The hours worked against the hours contracted, and what that means."""
    w = h.get("hours_worked_per_fte_week")
    c = h.get("contracted_hours_per_fte_week")
    if not w or c is None:
        return ""
    extra = hours_beyond_contract(h)
    text = (f"Workers put in {_est(w)} hours a week per FTE{_ci(w, unit=' h')} against "
            f"{number(c, 1)} contracted")
    at = h.get("supported_cases_per_fte_at_hours_worked")
    held = h.get("held_costed_cases_per_fte", h.get("held_cases_per_fte"))  # like with like
    if extra is not None:
        text += (f": about {number(extra, 1)} hours a week beyond their contracts. The guide "
                 "plans to contracted hours, so unpaid hours do not count as capacity")
        if at is not None and held is not None:
            text += (f"; even at the hours actually worked this mix would support "
                     f"{number(at, 1)} cases per FTE, "
                     + ("still fewer than are held" if at < held else "about what is held"))
    return text + "."


def no_hours_sentence(h: dict) -> str:
    """The headline when non-case work takes every contracted hour (``no_hours_for_casework``):
    no hours for casework, so no caseload supported, share over capacity or staff needed.

    Examples
    --------
    >>> no_hours_sentence({"held_cases_per_fte": 1.0, "contracted_hours_per_fte_week": 37.0,
    ...     "non_case_hours_per_fte_week": {"estimate": 38.2, "ci_low": 36.0, "ci_high": 42.3}})
    'Work not linked to a case took 38.2 hours per FTE-week (interval 36.0 to 42.3 h), all of the 37.0 contracted: no hours are left for casework at contracted hours, so the evidence gives no caseload a full-time worker can hold, no share of workers over capacity and no staff needed (workers hold 1.0 cases per FTE).'
    """
    nc = h.get("non_case_hours_per_fte_week")
    return (f"Work not linked to a case took {_est(nc)} hours per FTE-week{_ci(nc, unit=' h')}, "
            f"all of the {number(h.get('contracted_hours_per_fte_week'), 1)} contracted: no "
            "hours are left for casework at contracted hours, so the evidence gives no caseload "
            "a full-time worker can hold, no share of workers over capacity and no staff "
            f"needed (workers hold {number(h.get('held_cases_per_fte'), 1)} cases per FTE).")


def headline_sentences(meta: dict) -> list[str]:
    """The headline in plain words, each figure with its interval.

    Parameters
    ----------
    meta : dict
        A guide's ``meta`` (``TimeGuide.meta`` or ``guide.json``'s ``meta``).

    Returns
    -------
    list of str
        The caseload supported against held, the share over capacity, the
        staffing gap and the hours worked against contracted; empty when the
        guide has no headline (no caseload or no hours available).

    Examples
    --------
    >>> h = {"supported_cases_per_fte": {"estimate": 9.8, "ci_low": 9.1, "ci_high": 10.6},
    ...      "held_cases_per_fte": 17.0, "n_workers": 80, "n_over_capacity": 72,
    ...      "share_over_capacity": {"estimate": 0.9, "ci_low": 0.81, "ci_high": 0.95},
    ...      "over_capacity_from": 1.0, "fte_in_post": 80.0,
    ...      "fte_needed": {"estimate": 135.0, "ci_low": 125.0, "ci_high": 146.0},
    ...      "gap_fte": {"estimate": -55.0, "ci_low": -66.0, "ci_high": -45.0},
    ...      "hours_worked_per_fte_week": {"estimate": 44.0, "ci_low": 43.0, "ci_high": 45.0},
    ...      "contracted_hours_per_fte_week": 37.0}
    >>> headline_sentences({"headline": h})[0]
    'For this case mix, the evidence supports 9.8 cases per full-time worker (interval 9.1 to 10.6); workers hold 17.0 per FTE, 1.7 times as many.'
    """
    h = meta.get("headline")
    if not h:
        return []
    if h.get("no_hours_for_casework"):
        return [p for p in (no_hours_sentence(h), hours_sentence(h)) if p]
    parts = [caseload_sentence(h), over_capacity_sentence(h), staffing_sentence(h),
             hours_sentence(h)]
    return [p for p in parts if p]
