"""The tables of multi-observer agreement: joint sessions, categories, exclusions, the note.

Helpers of :mod:`timestudy.observe.multi_observer`; they take and return plain
frames and arrays.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.observe._timeline import US_PER_MIN


def joints_of(sessions: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per joint session (observers, common window), and each session's side.

    A session's *side* is its observer's place among its joint session's observers, in
    sorted order (``-1`` outside a joint session). The common window runs from the latest
    of the sides' first starts to the earliest of their last ends. The work is done on
    the arrays of the sessions, a joint session (never a row) at a time for the text.

    Examples
    --------
    >>> s = pd.DataFrame({"worker": ["W1", "W1", "W1", "W2"], "observer": ["O2", "O1", "O2", "O1"],
    ...     "session": ["b", "a", "c", "d"], "lo": [0, 5, 20, 0], "hi": [10, 30, 40, 9],
    ...     "joint": [0, 0, 0, -1]})
    >>> joints, s = joints_of(s)
    >>> s["side"].tolist(), joints[["observers", "sessions", "lo", "hi"]].values.tolist()
    ([1, 0, 1, -1], [['O1, O2', 'a, b, c', 5, 30]])
    """
    s = sessions.copy()
    joint = s["joint"].to_numpy()
    inside = np.flatnonzero(joint >= 0)
    observer = pd.factorize(s["observer"], sort=True)[0].astype(np.int64)
    j, o = joint[inside], observer[inside]
    pairs, side_of = np.unique(j * (observer.max() + 1) + o, return_inverse=True)
    pair_joint = pairs // (observer.max() + 1)
    rank = np.arange(len(pairs)) - np.searchsorted(pair_joint, pair_joint)  # within the joint
    side = np.full(len(s), -1, np.int64)
    side[inside] = rank[side_of.reshape(-1)]
    s["side"] = side
    lo, hi = s["lo"].to_numpy()[inside], s["hi"].to_numpy()[inside]
    by_pair = np.argsort(side_of.reshape(-1), kind="stable")
    pair_start = np.searchsorted(side_of.reshape(-1)[by_pair], np.arange(len(pairs)))
    side_lo = np.minimum.reduceat(lo[by_pair], pair_start)
    side_hi = np.maximum.reduceat(hi[by_pair], pair_start)
    joint_start = np.searchsorted(pair_joint, np.arange(pair_joint.max() + 1))
    first = np.unique(j, return_index=True)[1]  # each joint session's first session
    names = s["observer"].to_numpy()[inside].astype(str)
    ids = s["session"].to_numpy()[inside].astype(str)
    by_joint = np.split(np.argsort(j, kind="stable"), _cuts(j))
    joints = pd.DataFrame(
        {
            "worker": s["worker"].iloc[inside[first]].reset_index(drop=True),
            "observers": [", ".join(sorted(set(names[k]))) for k in by_joint],
            "sessions": [", ".join(sorted(ids[k])) for k in by_joint],
            "n_observers": np.diff(np.append(joint_start, len(pairs))).astype(np.int64),
            "lo": np.maximum.reduceat(side_lo, joint_start),
            "hi": np.minimum.reduceat(side_hi, joint_start),
        }
    )
    return joints, s


def _cuts(j: np.ndarray) -> np.ndarray:
    """Where each joint session after the first starts among the sessions sorted by joint."""
    return np.searchsorted(np.sort(j, kind="stable"), np.arange(1, j.max() + 1))


def observer_of_sides(sessions, group, n_groups, m, everyone) -> np.ndarray:
    """The observer (index into ``everyone``) of each side of each included joint session."""
    who = np.full((n_groups, m), -1)
    s = sessions[sessions["joint"] >= 0]
    g = group[s["joint"].to_numpy()]
    ok = g >= 0
    who[g[ok], s["side"].to_numpy()[ok]] = pd.Index(everyone).get_indexer(s["observer"][ok])
    return who


def categories(measures: dict, names: list[str]) -> pd.DataFrame:
    """Per measure and label given at least once: share, ratings, kappa (``estimate``) and its interval."""
    parts = []
    for name, r in measures.items():
        parts.append(
            pd.DataFrame(
                {
                    "measure": name,
                    "label": names,
                    "share": r["share"],
                    "ratings": r["ratings"],
                    "statistic": "fleiss_kappa",
                    "estimate": r["kappa"],
                    "ci_low": r["ci"][0],
                    "ci_high": r["ci"][1],
                    "observers_never": (r["usage"] == 0).sum(axis=0),
                }
            )[r["ratings"] > 0]
        )
    return pd.concat(parts).set_index(["measure", "label"])


def session_table(joints: pd.DataFrame, group: np.ndarray, per_session: dict) -> pd.DataFrame:
    """One row per joint session: who, when, whether compared, and its own kappas."""
    out = joints.rename_axis("joint_session").reset_index()
    has_time = out["hi"] > out["lo"]
    for col, bound in (("start", "lo"), ("end", "hi")):
        when = pd.to_datetime(out[bound].to_numpy().astype("datetime64[us]"))
        out[col] = pd.Series(when).where(has_time)
    out["common_min"] = np.where(has_time, (out["hi"] - out["lo"]) / US_PER_MIN, 0.0)
    out = out.drop(columns=["lo", "hi"])
    ok = group >= 0
    for name, (n, kappa) in per_session.items():
        out[f"n_{name}"] = np.where(ok, n[np.clip(group, 0, None)], np.nan)
        out[f"kappa_{name}"] = np.where(ok, kappa[np.clip(group, 0, None)], np.nan)
    return out


def excluded_sessions(sessions: pd.DataFrame, joints: pd.DataFrame, m: int) -> pd.DataFrame:
    """Sessions left out: seen by one observer only, or in a joint session short of ``m``."""
    alone = sessions["joint"] < 0
    n_obs = joints["n_observers"].to_numpy()[sessions["joint"].clip(lower=0)]
    short = ~alone & (n_obs < m)
    reason = np.where(
        alone,
        "no other observer shadowed this worker at the same time",
        [f"joint session with {k} of {m} observers" for k in n_obs],
    )
    out = sessions.assign(reason=reason, _hi=-sessions["hi"], _sid=sessions["session"].astype(str))
    out = out[alone | short].sort_values(["worker", "lo", "_hi", "_sid"], kind="stable")  # by time
    return out[["worker", "observer", "session", "reason"]].reset_index(drop=True)


def note_of(m, joints, excluded, stats, usage, pair_by) -> str:
    """The caveats of the result, with what was left out and why."""
    parts = [
        f"Fleiss' kappa counts a slice when all {m} observers of its joint session recorded it; "
        "with two observers it is Scott's pi. Its interval comes from a bootstrap over joint "
        "sessions, not slices. Pairwise slice intervals are too narrow (consecutive slices are "
        "not independent) and descriptive only."
    ]
    alone = int((excluded["reason"].str.startswith("no other")).sum())
    if alone:
        link = "overlaps" if pair_by == "session" else f"shares the `{pair_by}` of"
        parts.append(f"{alone} session(s) left out: no other observer's session {link} them.")
    short = int((~joints["included"]).sum())
    if short:
        parts.append(f"{short} joint session(s) with fewer than {m} observers left out.")
    n_c = int(stats["joint_sessions"].min())
    if n_c == 0:
        parts.append(
            f"No time that all {m} observers of a joint session recorded at once (their sessions "
            "overlap only in a chain: A with B, B with C): nothing to compare, kappa is NaN."
        )
    elif n_c < 3:
        parts.append(f"Only {n_c} joint session(s): too few for an interval (NaN); 3 are needed.")
    never = {c: list(usage.index[usage[c] == 0]) for c in usage.columns if (usage[c] == 0).any()}
    never = {c: o for c, o in never.items() if len(o) < len(usage)}
    if never:
        shown = "; ".join(f"{c} ({', '.join(o)})" for c, o in list(never.items())[:5])
        parts.append(f"Labels some observers never gave: {shown}.")
    return " ".join(parts)
