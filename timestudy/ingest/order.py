"""The order of episodes (by worker, then start, then file order), found once on integer codes.

Accepted episodes come out sorted by worker and start, ties in file order. A diary
sent as one sorted export needs no sorting at all; several teams' exports appended
one after another are sorted runs; a shuffled file needs a full sort. One function,
:func:`sort_order`, serves all three: it packs the worker code and the start into one
``int64`` key where they fit and sorts that key with the method that suits the runs
it finds (a merge of runs, or one sort of key and position packed together, both
stable), falling back to :func:`numpy.lexsort` where they do not fit.
"""

from __future__ import annotations

import numpy as np

#: Units a start may be counted in, coarsest first: equal starts, equal counts.
_UNITS = (60_000_000_000, 1_000_000_000, 1_000_000, 1_000, 1)
_MAX_KEY = np.iinfo(np.int64).max // 2


def sort_order(
    primary: np.ndarray, secondary: np.ndarray, tiebreak: np.ndarray | None = None
) -> np.ndarray | None:
    """Positions that put the rows in ``primary``, ``secondary``, ``tiebreak`` order, or None
    when they are in that order already. Ties keep their positions (the sort is stable).

    ``tiebreak`` (such as line numbers) is only consulted when it is not already
    increasing with position.

    Examples
    --------
    >>> sort_order(np.array([1, 0, 1, 0]), np.array([5, 9, 2, 9])).tolist()
    [1, 3, 2, 0]
    >>> sort_order(np.array([0, 0, 1]), np.array([3, 4, 0])) is None
    True
    """
    if tiebreak is not None and len(primary) > 1 and (np.diff(tiebreak) < 0).any():
        order = np.lexsort((tiebreak, secondary, primary))
        return None if (order == np.arange(len(order))).all() else order
    return keyed_order(primary, secondary)[0]


def keyed_order(
    primary: np.ndarray, secondary: np.ndarray
) -> tuple[np.ndarray | None, np.ndarray | None, np.ndarray | None]:
    """:func:`sort_order` of the pair (ties in position order), the :func:`packed_key` it
    sorted (None where the pair does not fit in one), and that key put in that order (the
    key itself when the rows are in order already; None without a key): equal keys, equal
    pairs, so the ordered key finds equal neighbours in one comparison. A shuffled key
    comes out of :func:`radix_order` in order already, with no gather of it.

    Examples
    --------
    >>> order, key, ordered = keyed_order(np.array([1, 0, 1]), np.array([5, 9, 5]))
    >>> order.tolist(), key[order].tolist(), ordered.tolist()
    ([1, 0, 2], [4, 5, 5], [4, 5, 5])
    """
    n = len(primary)
    if n < 2:
        return None, None, None
    key = packed_key(primary, secondary)
    if key is None:
        order = np.lexsort((secondary, primary))
        return (None if (order == np.arange(n)).all() else order), None, None
    descents = np.count_nonzero(key[1:] < key[:-1])
    if descents == 0:
        return None, key, key
    if descents * 64 < n:  # long sorted runs (appended exports): merging them is quick
        order = np.argsort(key, kind="stable")
        return order, key, key[order]
    order, ordered = radix_order(key, keys=True)
    return order, key, ordered


def packed_key(primary: np.ndarray, secondary: np.ndarray) -> np.ndarray | None:
    """``primary`` and ``secondary`` as one non-negative int64 key that sorts as the pair does,
    or None when the pair does not fit in one.

    ``secondary`` is counted in the coarsest unit of :data:`_UNITS` that divides every
    value's distance from the smallest (minutes, for a diary written to the minute).

    Examples
    --------
    >>> packed_key(np.array([0, 1]), np.array([120, 60]) * 1_000_000_000).tolist()
    [1, 2]
    """
    p = primary.astype(np.int64, copy=False)
    s = secondary.astype(np.int64, copy=False)
    p_low, p_high = int(p.min()), int(p.max())
    s_low, s_high = int(s.min()), int(s.max())
    if s_high - s_low > _MAX_KEY or p_high - p_low > _MAX_KEY:
        return None
    s = s - s_low
    for unit in _UNITS:
        if unit == 1 or _divides(unit, s):
            break
    if unit > 1:
        s //= unit
    span = (s_high - s_low) // unit + 1
    if (p_high - p_low + 1) > _MAX_KEY // span:
        return None
    key = p - p_low
    key *= span
    key += s
    return key


def _divides(unit: int, values: np.ndarray, block: int = 1 << 16) -> bool:
    """Whether ``unit`` divides every value: ``not (values % unit).any()``, a block at a time
    (no remainder array as long as the column; stops at the first block with one)."""
    return not any((values[i : i + block] % unit).any() for i in range(0, len(values), block))


def radix_order(key: np.ndarray, keys: bool = False) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    """Stable ``argsort`` of a non-negative int64 key (with ``keys``: and the key in that
    order, ``key[order]``, read off the sorted numbers where it was packed, not gathered).

    Where the key and the row positions fit in one int64 together (a diary's: worker code
    and start in minutes or seconds, some 2**34 at most, beside 2**24 positions for 10M
    rows), each row's key is shifted left and its position put in the bits freed: those
    numbers are all different, so NumPy's own sort of them (unstable, vectorised) puts the
    rows in key order with ties in position order, and the position is read back from the
    low bits (1M shuffled keys: 19 against 65 ms of processor time). Else 16 bits at a time
    (NumPy sorts 16-bit integers by counting), least significant digit first.

    Examples
    --------
    >>> radix_order(np.array([70_000, 5, 70_000, 3])).tolist()
    [3, 1, 0, 2]
    >>> radix_order(np.array([2**62, 5, 2**62, 3])).tolist()
    [3, 1, 0, 2]
    >>> [a.tolist() for a in radix_order(np.array([70_000, 5, 70_000, 3]), keys=True)]
    [[3, 1, 0, 2], [3, 5, 70000, 70000]]
    """
    high = int(key.max()) if len(key) else 0
    bits = max(len(key) - 1, 1).bit_length()
    if high < 1 << (62 - bits):  # key and position in one number: one sort
        packed = key.astype(np.int64, copy=False) << bits
        packed |= np.arange(len(key), dtype=np.int64)
        packed.sort()
        ordered = packed >> bits if keys else None  # (the key in order: read off the high bits)
        packed &= (1 << bits) - 1
        return (packed, ordered) if keys else packed
    order = np.argsort((key & 0xFFFF).astype(np.uint16), kind="stable")
    shift = 16
    while high >> shift:
        digit = ((key[order] >> shift) & 0xFFFF).astype(np.uint16)
        order = order[np.argsort(digit, kind="stable")]
        shift += 16
    return (order, key[order]) if keys else order


def in_order(primary: np.ndarray, secondary: np.ndarray, position: np.ndarray) -> bool:
    """True when rows are in ``primary``, ``secondary`` order with ties in ``position`` order.

    Examples
    --------
    >>> in_order(np.array([0, 0, 1]), np.array([5, 5, 1]), np.array([4, 2, 9]))
    False
    """
    if len(primary) < 2:
        return True
    p0, p1 = primary[:-1], primary[1:]
    if (p1 < p0).any():
        return False
    same = p1 == p0
    s0, s1 = secondary[:-1], secondary[1:]
    if (same & (s1 < s0)).any():
        return False
    return not (same & (s1 == s0) & (position[1:] < position[:-1])).any()
