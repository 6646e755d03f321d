"""What ``observe`` publishes of people: one label per person, and how many there are.

The pairs of sessions name the person observed by ``participant_key`` (a WOMBAT participant
id at its site: :func:`~timestudy.observe._span.person_column`), the per-stream tables by
``worker_id``. Where the two name the same people one to one (``participant_ids: person``
or ``site``), a pair's person is published as the worker's label, so ``Worker 2`` is the
same person in every table; where they do not (the default, a participant within its
session: each session its own ``worker_id``), the pair's person is a ``Participant`` label,
which no reader can take for one of the workers.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from timestudy._lib.disclose import too_few, worker_labels
from timestudy.observe._span import person_column
from timestudy.observe._timeline import label_names


def person_ids(episodes: pd.DataFrame, worker: str = "worker_id") -> dict | None:
    """Each person's worker id, where persons and workers are one to one; else ``None``.

    ``{}`` when the person is the worker itself (no ``participant_key``).

    Examples
    --------
    >>> e = pd.DataFrame({"worker_id": ["SW1", "SW1", "SW2"],
    ...                   "participant_key": ["QEH/SW1", "QEH/SW1", "QEH/SW2"]})
    >>> person_ids(e)
    {'QEH/SW1': 'SW1', 'QEH/SW2': 'SW2'}
    >>> person_ids(e.assign(worker_id=["20101/SW1", "20105/SW1", "20102/SW2"])) is None
    True
    """
    person = person_column(episodes, worker)
    if person == worker:
        return {}
    both = episodes[[person, worker]].dropna().drop_duplicates()
    if not (both[person].is_unique and both[worker].is_unique):
        return None
    return dict(zip(both[person].astype(str), both[worker], strict=True))


def same_people(table: pd.DataFrame, ids: dict | None) -> pd.DataFrame:
    """A pair table whose ``worker`` is the person, with the person as published.

    ``ids`` from :func:`person_ids`: the worker's id where persons and workers are one
    to one (labelled ``Worker N`` as in every other table), else the column renamed
    ``participant`` (labelled ``Participant N``).

    Examples
    --------
    >>> t = pd.DataFrame({"worker": ["QEH/SW1"], "common_min": [55.0]})
    >>> same_people(t, {"QEH/SW1": "SW1"})["worker"].tolist()
    ['SW1']
    >>> list(same_people(t, None).columns)
    ['participant', 'common_min']
    """
    if "worker" not in table.columns or ids == {}:
        return table
    if ids is None:
        return table.rename(columns={"worker": "participant"})
    return table.assign(worker=table["worker"].map(lambda v: ids.get(str(v), v)))


#: Tables of one stream or one pair a row: a worker's own figures, with dates and times of
#: day. Never published: :meth:`ObservationStudy.write` puts them only in ``internal``.
INTERNAL = ("multitasking_by_stream", "interruptions_sources_text", "interruptions_by_stream", "paired_sessions",
            "labels_text",
            "agreement_pairs", "agreement_matches", "multi_agreement_sessions",
            "multi_agreement_excluded")
#: Published tables of the paired sessions only: their workers are those paired.
AGREEMENT = ("agreement", "agreement_gaps", "multi_agreement", "multi_agreement_categories",
             "multi_agreement_pairwise")
#: Counts of workers and units (and the level a row is of), shown with a row whose figures
#: are withheld.
_COUNTS = ("units", "workers", "worker_days", "multitasking_workers", "activities")
_AGREEMENT_SUMMARY = ("kappa_", "duration_", "fleiss_", "observers_per_joint_session",
                      "paired_sessions")
#: Counts of people (or of their diary days, as many or more): one under the threshold is
#: published in words (:func:`band_people`), never as the number.
PEOPLE = ("workers", "worker_days", "multitasking_workers", "units")


def blank(table: pd.DataFrame, rows=None) -> pd.DataFrame:
    """``table`` with its figures (numbers and times, counts of workers and units kept)
    blank, in ``rows`` (a boolean mask) or every row.

    Examples
    --------
    >>> t = pd.DataFrame({"slot": ["09:00", "09:15"], "workers": [1, 6], "share": [1.0, 0.5]})
    >>> blank(t, t["workers"] < 5)["share"].tolist()
    [nan, 0.5]
    """
    t = table.copy()
    cols = [c for c in t.columns
            if c not in _COUNTS and (pd.api.types.is_numeric_dtype(t[c])
                                     or pd.api.types.is_datetime64_any_dtype(t[c]))]
    mask = slice(None) if rows is None else np.asarray(rows, bool)
    for c in cols:
        numeric = pd.api.types.is_numeric_dtype(t[c])
        if numeric or isinstance(t[c].dtype, np.dtype):  # float64, or a datetime64 array
            values = t[c].astype("float64").to_numpy() if numeric else t[c].to_numpy()
            values = values.copy()
            values[mask] = np.nan if numeric else np.datetime64("NaT")
            t[c] = values  # as t.loc[mask, c] = NaN or NaT, a column at a time
        else:  # times with a time zone
            t.loc[mask, c] = pd.NaT
    return t


def withhold(tables: dict[str, pd.DataFrame], n_workers: int, n_paired: int,
             min_workers: int, n_effective: float | None = None
             ) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """The published tables with every figure from fewer than ``min_workers`` workers
    blank (:func:`~timestudy._lib.disclose.too_few`), and why, in words (by what is
    withheld: ``study``, ``agreement``, ``tempogram``).

    The whole study below the threshold: every figure. Otherwise the agreement figures
    when the workers paired (``n_paired``) are fewer, and each tempogram slot observing
    fewer ``workers``. Workers are people: ``participant_key`` where the episodes have
    one (a WOMBAT participant at its site, counted once across its sessions, so two
    people with one id at a site count once), else ``worker_id``. ``n_effective``: the
    study's workers in effect under survey weights (Kish's number), too few as well below
    ``min_workers``.

    Examples
    --------
    >>> t = {"summary": pd.DataFrame({"measure": ["observed_hours"], "value": [3.0]})}
    >>> out, why = withhold(t, 4, 0, 5)
    >>> out["summary"]["value"].isna().all(), "--min-workers 1" in why["study"]
    (np.True_, True)
    """
    out = dict(tables)
    pilot = ("; for a pilot study of your own, `--min-workers 1` (min_workers=1) shows every "
             "figure, not for publication")
    if too_few(n_workers, min_workers, n_effective):
        eff = ("" if too_few(n_workers, min_workers)
               else f" ({n_effective:.2f} in effect under their survey weights)")
        why = (f"every figure is withheld: the study observed {n_workers} "
               f"worker{'' if n_workers == 1 else 's'}{eff}, fewer than "
               f"{min_workers} (--min-workers){pilot}")
        return {name: blank(t) for name, t in out.items()}, {"study": why}
    notes = {}
    if n_paired and too_few(n_paired, min_workers):
        for name in (n for n in AGREEMENT if n in out):
            out[name] = blank(out[name])
        if "summary" in out:
            s = out["summary"]
            out["summary"] = blank(s, s["measure"].astype(str).str.startswith(_AGREEMENT_SUMMARY))
        notes["agreement"] = (f"the agreement figures are withheld: the paired sessions "
                              f"observed fewer than {min_workers} workers "
                              f"(--min-workers){pilot}")
    if "tempogram" in out and "workers" in out["tempogram"]:
        t = out["tempogram"]
        few = too_few(t["workers"], min_workers)
        out["tempogram"] = _one_slot_more(blank(t, few))  # or blank in _cells
        if few.any():
            notes["tempogram"] = (f"the shares of {int(few.sum())} tempogram slots observing "
                                  f"fewer than {min_workers} workers are withheld{pilot}")
    return out, notes


def band_people(tables: dict[str, pd.DataFrame], min_workers: int) -> dict[str, pd.DataFrame]:
    """The tables with each count of people (:data:`PEOPLE`) of 1 to ``min_workers - 1``
    as ``fewer than 5``: the count of a withheld row's people names them as surely as its
    figures (one worker in a slot, one who made a transition). None (0) and counts of
    ``min_workers`` or more stay numbers.

    Examples
    --------
    >>> t = pd.DataFrame({"slot": ["09:00", "11:00", "12:00"], "workers": [1, 0, 6]})
    >>> band_people({"tempogram": t}, 5)["tempogram"]["workers"].tolist()
    ['fewer than 5', 0, 6]
    """
    if min_workers <= 1:
        return tables
    out = {}
    for name, t in tables.items():
        for c in (c for c in PEOPLE if c in t.columns):
            n = pd.to_numeric(t[c], errors="coerce")
            few = (n > 0) & (n < min_workers)
            if few.any():
                t = t.assign(**{c: t[c].astype(object).where(~few, f"fewer than {min_workers}")})
        out[name] = t
    return out


def small_labels(cells: pd.DataFrame, by: list[str], min_workers: int) -> dict:
    """Each label of fewer than ``min_workers`` people (not none) as published: ``Label
    1``... in the order of the texts; none where ``by`` is the taxonomy's ``category`` (its
    names are the study's own) or ``min_workers`` is 1.

    A label read from another column (``--by``: a WOMBAT subcategory, a TimeCaT note) is
    the export's own text, which can name a patient or a colleague; a label of so few
    people has its figures withheld anyway, so its name is a label too.

    Examples
    --------
    >>> c = pd.DataFrame({"_person": list("ABCDEX"),
    ...                   "_label": ["admin"] * 5 + ["call Mrs Smith"]})
    >>> small_labels(c, ["notes"], 5), small_labels(c, ["category"], 5)
    ({'call Mrs Smith': 'Label 1'}, {})
    """
    if list(by) == ["category"] or min_workers <= 1:
        return {}
    people = cells.groupby("_label")["_person"].nunique()
    return worker_labels(people.index[(people > 0) & too_few(people, min_workers)], "Label")


def relabel(tables: dict[str, pd.DataFrame], names: dict, by: list[str]) -> dict:
    """The tables with each label of ``names`` as its published label: in the ``by``
    columns (joined by `` / ``; the first takes the label, the rest go blank), a
    transition's ``from``, a ``source``, and the tempogram's and transitions' columns.

    Examples
    --------
    >>> t = pd.DataFrame({"from": ["a", "x"], "a": [0.5, 0.1], "x": [0.5, 0.9]})
    >>> relabel({"transitions": t}, {"x": "Label 1"}, ["notes"])["transitions"].columns.tolist()
    ['from', 'a', 'Label 1']
    """
    if not names:
        return tables
    out = {}
    for name, t in tables.items():
        if name in ("tempogram", "transitions"):
            t = t.rename(columns=names)
        for c in ("from", "source"):
            if c in t.columns:
                t = t.assign(**{c: t[c].map(lambda v: names.get(str(v), v))})
        if by and all(c in t.columns for c in by):
            joined = t[by].astype(str).agg(" / ".join, axis=1)
            hit = joined.isin(names)
            if hit.any():
                t = t.copy()
                t[by[0]] = t[by[0]].astype(object).where(~hit, joined.map(names))
                for c in by[1:]:
                    t[c] = t[c].astype(object).where(~hit, "")
        out[name] = t
    return out


def _one_slot_more(t: pd.DataFrame) -> pd.DataFrame:
    """A tempogram with a second slot's figures withheld where only one slot's time observed
    is: the slots' add up to the minutes observed, published (multitasking's all row).

    Examples
    --------
    >>> t = pd.DataFrame({"slot": ["09:00", "10:00", "11:00"], "workers": [1, 7, 6],
    ...                   "observed": [np.nan, 7.0, 6.0]})
    >>> _one_slot_more(t)["observed"].tolist()
    [nan, 7.0, nan]
    """
    gone = t["observed"].isna()
    if int(gone.sum()) != 1 or gone.all():
        return t
    return blank(t, t.index == t.loc[~gone, "workers"].sort_values(kind="stable").index[0])


def sources_published(result, prefix: str = "Task") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sources table with a source that is no label of the study as ``Task 1``...
    (``prefix``), and the internal table of each such label's text as written.

    A source naming a task is already that task's label (its category: see
    :func:`~timestudy.observe._interruption_tables.source_labels`) and is kept, as is a
    free-text source that is one of the study's labels (``admin``); any other (an id
    matching no task, free text such as ``call from Mrs Smith``) is replaced by a label,
    ``Source 1``... where the export has no task ids: its text only in the internal table.

    Examples
    --------
    >>> from types import SimpleNamespace as NS
    >>> src = pd.DataFrame({"interruptions": [5, 1]}, index=pd.Index(
    ...     ["admin", "call from Mrs Smith"], name="source"))
    >>> r = NS(sources=src, table=pd.DataFrame(index=pd.Index(["admin", "all"])))
    >>> shown, text = sources_published(r, "Source")
    >>> shown.index.tolist(), text["source"].tolist()
    (['admin', 'Source 1'], ['call from Mrs Smith'])
    """
    src = result.sources
    labels = set(label_names(result.table.index))
    names = worker_labels([v for v in src.index if str(v) not in labels], prefix)
    text = pd.DataFrame({"label": list(names.values()), "source": list(names.keys())})
    return src.rename(index=names), text


def inside(folder, published) -> bool:
    """Whether ``folder`` is the ``published`` folder or inside it.

    Examples
    --------
    >>> inside("out/internal", "out"), inside("internal", "out")
    (True, False)
    """
    inside, pub = Path(folder).resolve(), Path(published).resolve()
    return inside == pub or inside.is_relative_to(pub)


def for_figure(result, shown: dict[str, pd.DataFrame], by: list[str], names=None):
    """A result whose figure draws only what is published: its data taken from the
    published tables ``shown`` (the time budget, tempogram, transitions, multitasking and
    interruptions; any other result as it is), its labels in ``names`` as published."""
    from dataclasses import replace

    kind = type(result).__name__
    if names and kind == "Tempogram":
        result = replace(result, shares=result.shares.rename(columns=names))
    if names and kind == "Transitions":
        result = replace(result, probabilities=result.probabilities.rename(
            index=names, columns=names))
    if kind == "TimeBudget":
        return replace(result, table=shown["time_budget"])
    if kind == "Tempogram":
        t = shown["tempogram"].set_index("slot")
        cols = [c for c in result.shares.columns if c in t.columns]
        shares = result.shares.copy()
        shares.loc[t.index, cols] = t[cols].astype(float).to_numpy()
        return replace(result, shares=shares)
    if kind == "Transitions":
        t = shown["transitions"].set_index("from")
        return replace(result, probabilities=t[list(result.probabilities.columns)].astype(float)
                       .rename_axis(result.probabilities.index.name))
    if kind in ("Multitasking", "Interruptions"):
        t = shown[kind.lower()]
        rows = t[by[0]].astype(str) != "all"
        table = t.set_index(by)[list(result.table.columns)]
        if kind == "Interruptions":
            return replace(result, table=table)
        totals = result.totals.assign(share_multitasking=t.loc[~rows, "share_multitasking"]
                                      .to_numpy(float)[:1])
        return replace(result, table=table[rows.to_numpy()], totals=totals)
    return result
