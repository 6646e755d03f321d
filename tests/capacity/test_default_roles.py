"""``run_study`` in Python costs roles as ``timestudy guide`` does (audit28, finding 2).

audit28 gave W09 the role ``asye`` in a 10-worker study: the command (whose study file
defaults ``roles`` to ``{asye: 0.9}``) counted W09 at 0.9 of a caseload, 47.79 hours for
casework a month, 108% amber, FTE in post 9.5; ``run_study`` in Python, whose ``roles``
defaulted to none, counted 53.10 hours, 97% green, FTE in post 9.6, with no word, and the
guide's ``role_allowances`` differed (``{}`` against ``{'asye': 0.9}``). Now both take the
study file's default (data_schema/study.json), read in one place.
"""

from __future__ import annotations

import warnings

import pytest

from timestudy import run_study, simulate_study
from timestudy.schema.roles import default_roles
from timestudy.study.config import defaults


@pytest.fixture(scope="module")
def small():
    s = simulate_study(n_workers=8, weeks=1, seed=2)
    assert (s.workers["role"] == "asye").any()  # the simulator's ASYEs
    return s


def _run(s, **how):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return run_study(s.diary, s.cases, s.workers, sensitivity=False, n_boot=19, **how)


def test_the_default_is_the_study_files(small):
    assert default_roles() == defaults()["roles"] == {"asye": 0.9}
    guide = _run(small).guide
    assert guide.meta["role_allowances"] == {"asye": 0.9}
    shares = small.workers["role"].map({"asye": 0.9}).fillna(1.0)
    assert guide.meta["headline"]["fte_in_post"] == pytest.approx(
        float((small.workers["fte"] * shares).sum()), abs=1e-4)


def test_no_allowances_when_told_so(small):
    guide = _run(small, roles={}).guide
    assert guide.meta["role_allowances"] == {}
    assert guide.meta["headline"]["fte_in_post"] == pytest.approx(
        float(small.workers["fte"].sum()), abs=1e-4)
