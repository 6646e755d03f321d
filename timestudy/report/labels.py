"""Names people read: taxonomy labels, case types as named, plain reasons for suppression.

Codes (``s47_enquiry``, ``cin_review``, ``case_type=CP``) are for files and programs;
people read the taxonomy's labels ("Section 47 enquiry", "Child in need review"),
the case types as the cases table names them ("CP", "PROCEEDINGS") and, for a
code with no label, the code with spaces and its acronyms as written ("PLO
meeting", "ASYE caseload").
"""

from __future__ import annotations

import re

#: Acronyms of children's social work (and of this toolkit), as they are written.
ACRONYMS = {
    "cin": "CIN", "cp": "CP", "cla": "CLA", "lac": "LAC", "plo": "PLO", "asye": "ASYE",
    "fte": "FTE", "swet": "SWET", "icpc": "ICPC", "rcpc": "RCPC", "iro": "IRO", "yp": "YP",
    "it": "IT", "lcs": "LCS", "fgc": "FGC", "cmh": "CMH", "irh": "IRH", "s47": "s47",
    "s17": "s17", "s20": "s20", "c&f": "C&F", "dbs": "DBS", "ooh": "OOH", "wisn": "WISN", "uk": "UK",
}


def humanise(code) -> str:
    """A code as words: underscores as spaces, acronyms as written, first letter capital.

    Examples
    --------
    >>> humanise("plo_meeting"), humanise("s47_enquiry"), humanise("cin review")
    ('PLO meeting', 's47 enquiry', 'CIN review')
    >>> humanise("expert_panel"), humanise("contracted_per_fte")
    ('Expert panel', 'Contracted per FTE')
    """
    words = str(code).replace("_", " ").split()
    out = [ACRONYMS.get(w.lower(), w) for w in words]
    if out and out[0] == words[0] and out[0][:1].islower() and out[0].lower() not in ACRONYMS:
        out[0] = out[0][:1].upper() + out[0][1:]
    return " ".join(out)


def task_label(key, meta: dict | None = None) -> str:
    """The taxonomy's label of a task type (from the guide's ``meta["labels"]``).

    Examples
    --------
    >>> task_label("s47_enquiry", {"labels": {"task_types": {"s47_enquiry": "Section 47 enquiry"}}})
    'Section 47 enquiry'
    >>> task_label("plo_meeting")
    'PLO meeting'
    """
    labels = ((meta or {}).get("labels") or {}).get("task_types") or {}
    return labels.get(str(key)) or humanise(key)


def category_label(key, meta: dict | None = None) -> str:
    """The taxonomy's label of a category ("out_of_hours" is not one: it is named here).

    Examples
    --------
    >>> category_label("direct_work"), category_label("out_of_hours")
    ('Direct work', 'Out of hours')
    """
    labels = ((meta or {}).get("labels") or {}).get("categories") or {}
    if str(key) == "out_of_hours":
        return "Out of hours"
    return labels.get(str(key)) or humanise(key)


def case_type_label(key) -> str:
    """A case type as the cases table names it (underscores read as spaces).

    Examples
    --------
    >>> case_type_label("PROCEEDINGS"), case_type_label("care_proceedings")
    ('PROCEEDINGS', 'care proceedings')
    """
    return str(key).replace("_", " ")


_TERMS = {
    "baseline_hours_per_month": "Hours per case-month of a reference case",
    "travel_miles": "Each mile to the child",
    "n_professionals": "Each professional involved",
    "n_children": "Each child in the family",
    "in_proceedings": "In care proceedings",
    "cases_per_fte": "Each case per FTE held (pressure)",
}


def term_label(term) -> str:
    """A complexity-model term in words.

    Examples
    --------
    >>> term_label("case_type=CP"), term_label("travel_miles")
    ('Case type CP (against the reference)', 'Each mile to the child')
    """
    t = str(term)
    if t.startswith("case_type="):
        return f"Case type {case_type_label(t.split('=', 1)[1])} (against the reference)"
    return _TERMS.get(t) or humanise(t)


_WHO = {
    "tasks": "did this task",
    "tasks.full_hours": "did this task",
    "case_types": "held cases of this type",
    "task_case_hours": "did this task on this case type",
    "task_case_direct_hours": "did this task on this case type",
    "all": "took part",
}


def plain_reason(reason: str, table: str = "") -> str:
    """Why a figure is not shown, in plain words.

    Examples
    --------
    >>> plain_reason("fewer than 5 workers (2)", "tasks")
    'fewer than 5 workers did this task'
    >>> plain_reason("fewer than 5 workers with pieces of full time (3)", "tasks.full_hours")
    'fewer than 5 workers had pieces of this task with their travel and recording (full time)'
    >>> plain_reason("secondary suppression: with the row total it would give a suppressed "
    ...              "cell back", "task_case_hours")
    'hidden so that a figure not shown cannot be worked out from the totals'
    >>> plain_reason("fewer than 5 workers in effect under their survey weights (8 by head, "
    ...              "2.7 in effect)", "all")
    'fewer than 5 workers in effect under their survey weights'
    """
    r = str(reason)
    m = re.match(r"fewer than (\d+) (workers?)\b", r)
    if r.startswith("split between casework"):
        k = re.search(r"fewer than (\d+)", r)
        return (f"fewer than {k.group(1) if k else 'enough'} workers did this task both on "
                "cases and outside them")
    if m and "in effect under their survey weights" in r:  # enough by head, not in effect
        return f"fewer than {m.group(1)} workers in effect under their survey weights"
    if m and "reference case type" not in r:
        who = _WHO.get(table, "gave this figure")
        if r.split("(")[0].strip().endswith("with pieces of full time"):
            who = "had pieces of this task with their travel and recording (full time)"
        return f"fewer than {m.group(1)} workers {who}"
    if "secondary suppression" in r or "would give" in r:
        return "hidden so that a figure not shown cannot be worked out from the totals"
    ref = re.search(r"reference case type (\S+)", r)
    if ref:
        return f"the case type it is compared with ({ref.group(1)}) is not shown"
    return r


def figure_name(suppressed, meta: dict | None = None) -> str:
    """A withheld figure (a :class:`~timestudy.guide.Suppressed`) in words.

    Examples
    --------
    >>> from timestudy.guide import Suppressed
    >>> figure_name(Suppressed("task_case_hours", "CIN/court_statement", "few"))
    'Court statement on CIN cases (full hours)'
    >>> figure_name(Suppressed("task_case_direct_hours", "CIN/court_statement", "few"))
    'Court statement on CIN cases (direct hours)'
    >>> figure_name(Suppressed("case_types.uplift", "PROCEEDINGS", "would give"))
    'Hours per case-month (should) and uplift: PROCEEDINGS'
    """
    table, key = suppressed.table.split(".")[0], suppressed.key
    if table == "tasks":
        return f"Time per piece of work: {task_label(key, meta)}"
    if suppressed.table == "case_types.uplift":  # the should figure: the measured is shown
        return f"Hours per case-month (should) and uplift: {case_type_label(key)}"
    if table == "case_types":
        return f"Hours per case-month: {case_type_label(key)}"
    if table.startswith("task_case") and "/" in key:
        k, t = key.split("/", 1)
        which = " (direct hours)" if table == "task_case_direct_hours" else " (full hours)"
        return f"{task_label(t, meta)} on {case_type_label(k)} cases{which}"
    if table == "multipliers":
        return f"Complexity multiplier: {term_label(key)}"
    return "Every figure" if key == "*" else humanise(key)


def with_category_labels(frame, meta: dict | None = None, column: str | None = "category"):
    """A copy of a frame for a figure: categories (a column, or the index when ``column``
    is None) as the taxonomy's labels."""
    if column is None:
        return frame.rename(index=lambda k: category_label(k, meta))
    if column not in frame:
        return frame
    return frame.assign(**{column: frame[column].map(lambda k: category_label(k, meta))})
