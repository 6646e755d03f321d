"""The distribution family of the case models, chosen by a documented rule and reported.

Hours on a case in a diary period are a sum over pieces of work: a random number
of visits, calls and notes, each taking a skewed time. That is a compound
Poisson-Gamma (Tweedie) variable with variance ``phi mu^p`` and ``1 < p < 2``; a
case with no piece of work in the period has exactly zero hours, and ``p -> 2``
is the Gamma family. :func:`choose_family` applies the rule (``family="auto"``):

1. The Tweedie power ``p`` is estimated by profile likelihood over
   ``[1.01, 1.98]`` (for each ``p`` the coefficients by IRLS, the dispersion
   maximised out; survey weights multiply each case's log-likelihood). With more
   than ``max_rows`` case-months the power is estimated on a seeded random
   subset of that many (the power only sets how cases are weighted; the
   multipliers are then fitted on every case).
2. If no case has zero hours and Gamma (``p = 2``) fits as well, that is if
   ``2 (loglik(p_hat) - loglik(2)) < chi2_1(0.95) = 3.84`` (``p = 2`` inside the
   95% profile-likelihood interval), the family is **Gamma**, the conventional
   choice the data cannot tell apart from the estimate.
3. Otherwise the family is **Tweedie with the estimated power**. Zero-hour cases
   are part of it (a month with no piece of work), never a reason to switch to
   a fixed power: one zero moves the estimate of ``p`` only as far as the
   likelihood says, and the choice says how many zeros there were, and how many
   the fitted model expects. More zeros than it expects (Poisson tail
   probability below 0.001) raise an :class:`~timestudy.errors.EstimationWarning`.

``family="gamma"`` or ``"tweedie"`` (with ``power``, or estimated as above) fixes
the family instead; the choice then says it was given.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy import optimize

from timestudy.errors import EstimationWarning, TimestudyError
from timestudy.models.design import CaseDesign
from timestudy.stats import families as fam
from timestudy.stats.distributions import chi2_ppf, norm_ppf, poisson_sf
from timestudy.stats.glm import irls

POWER_BOUNDS = (1.01, 1.98)
LR_GAMMA = float(chi2_ppf(0.95, 1))


@dataclass(frozen=True)
class FamilyChoice:
    """The family of the case models and why it was chosen.

    Attributes
    ----------
    family : {"gamma", "tweedie"}
    power : float
        Variance power (2 for Gamma).
    rule : {"auto", "given"}
        Chosen by the rule, or given by the caller.
    reason : str
        The choice in words, for the notes of a result.
    n_zero, n_obs : int
        Case-months with zero hours, and all case-months.
    expected_zero : float or None
        Zero-hour case-months the fitted Tweedie expects (None for Gamma).
    power_se : float or None
        Standard error of an estimated power, from the curvature of its profile.
    loglik : float or None
        Profile log-likelihood at the power chosen (all case-months).
    lr_gamma : float or None
        Likelihood ratio of the estimated power against Gamma, when no case has
        zero hours (on the case-months the power was estimated on).
    profile : ndarray (k, 2) or None
        Powers tried and their profile log-likelihood.
    """

    family: str
    power: float
    rule: str
    reason: str
    n_zero: int
    n_obs: int
    expected_zero: float | None = None
    power_se: float | None = None
    loglik: float | None = None
    lr_gamma: float | None = None
    profile: np.ndarray | None = None

    def power_interval(self, level: float = 0.95) -> tuple[float, float] | None:
        """Wald interval of an estimated power (from the profile's curvature)."""
        if self.power_se is None:
            return None
        z = norm_ppf(0.5 + level / 2)
        return (self.power - z * self.power_se, self.power + z * self.power_se)

    @property
    def label(self) -> str:
        """``"gamma"`` or ``"tweedie (power 1.23)"``."""
        return "gamma" if self.family == "gamma" else f"tweedie (power {self.power:.2f})"


def profile_point(design: CaseDesign, p: float, beta: np.ndarray | None = None,
                  phi: float | None = None) -> tuple[float, np.ndarray, np.ndarray, float]:
    """``(loglik, beta, mu, phi)`` at power ``p``: IRLS, then the dispersion maximised out.

    The log-likelihood is ``sum w_i log f(y_i; mu_i, phi, p)`` with the survey
    weights scaled to mean 1 (a worker of weight 2 counts as two workers).
    ``beta`` and ``phi`` are warm starts (from a nearby power, say).

    Examples
    --------
    >>> from timestudy.models.design import case_design
    >>> import pandas as pd
    >>> cm = pd.DataFrame({"case_type": ["CIN", "CP"] * 20, "worker_id": list("ab") * 20,
    ...                    "case_months": 1.0, "hours": np.linspace(1, 9, 40)})
    >>> ll, beta, mu, phi = profile_point(case_design(cm), 2.0)
    >>> bool(np.isclose(np.exp(beta[0]), cm.hours[::2].mean()))
    True
    """
    w = design.weight / design.weight.mean()
    y = design.hours
    beta, mu, _, _, _ = irls(y, design.X, design.offset, w, p, beta=beta, tol=1e-10)
    if phi is None:
        phi = fam.pearson_dispersion(y, mu, w, p, max(len(y) - design.X.shape[1], 1))
    ll, phi = max_dispersion(y, mu, w, p, phi)
    return ll, beta, mu, phi


def max_dispersion(y: np.ndarray, mu: np.ndarray, w: np.ndarray, p: float, phi0: float
                   ) -> tuple[float, float]:
    """Maximise ``sum w log f(y; mu, phi, p)`` over ``phi``: ``(loglik, phi)``.

    The root of the score in ``t = log phi`` by the secant method from ``phi0``
    (each step one pass of the series density; four or five from a warm
    start), with Brent's method in a bracket as the fallback.
    """
    seen: dict[float, tuple[float, float]] = {}

    def at(t: float) -> tuple[float, float]:
        if t not in seen:
            ll, d = fam.loglik_dphi(y, mu, np.exp(t), p)
            seen[t] = (float(w @ ll), float(w @ d))
        return seen[t]

    scale = float(w.sum())
    t_old = float(np.log(phi0))
    s_old = at(t_old)[1]
    t = t_old + (0.05 if s_old > 0 else -0.05)
    for _ in range(30):
        s = at(t)[1]
        if abs(s) <= 1e-9 * scale or abs(t - t_old) < 1e-10:
            return at(t)[0], float(np.exp(t))
        step = -s * (t - t_old) / (s - s_old) if s != s_old else np.nan
        if not np.isfinite(step):
            break
        t_old, s_old, t = t, s, t + float(np.clip(step, -2.0, 2.0))
    return _bracketed(at, float(np.log(phi0)))


def _bracketed(at, t0: float) -> tuple[float, float]:
    """Brent's method on the score in a bracket grown from ``t0``."""
    lo, hi = t0 - 0.5, t0 + 0.5
    while at(lo)[1] < 0 and lo > t0 - 40:
        lo -= 2 * (t0 - lo)
    while at(hi)[1] > 0 and hi < t0 + 40:
        hi += 2 * (hi - t0)
    if at(lo)[1] < 0 or at(hi)[1] > 0:
        raise TimestudyError("the dispersion of the case model has no finite maximum: "
                             "check the hours for a constant or degenerate response")
    t = optimize.brentq(lambda v: at(v)[1], lo, hi, xtol=1e-10)
    return at(t)[0], float(np.exp(t))


def choose_family(design: CaseDesign, family: str | FamilyChoice = "auto",
                  power: float | None = None, *, max_rows: int = 20_000, seed: int = 0
                  ) -> FamilyChoice:
    """Apply the family rule of this module to a case design.

    Parameters
    ----------
    design : CaseDesign
        The design of the richest model (the choice then holds for every
        candidate fitted from it).
    family : {"auto", "gamma", "tweedie"} or FamilyChoice
        ``"auto"`` applies the rule; the others fix the family; a choice made
        before (on the same data, by another model) is returned as it is.
    power : float, optional
        Tweedie power when ``family="tweedie"``; estimated when None.
    max_rows, seed
        The power is estimated on at most ``max_rows`` case-months (a random
        subset drawn with ``seed`` when there are more).

    Returns
    -------
    FamilyChoice

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy.models.design import case_design
    >>> rng = np.random.default_rng(0)
    >>> cm = pd.DataFrame({"case_type": rng.choice(["CIN", "CP"], 400), "case_months": 1.0,
    ...                    "worker_id": np.arange(400) % 20,
    ...                    "hours": rng.gamma(3.0, 2.0, 400)})
    >>> choose_family(case_design(cm)).family  # Gamma data, no zeros
    'gamma'
    >>> cm.loc[0, "hours"] = 0.0
    >>> choice = choose_family(case_design(cm))  # one zero: Tweedie, and it says why
    >>> choice.family, choice.n_zero
    ('tweedie', 1)
    """
    if isinstance(family, FamilyChoice):
        return family
    if family not in ("auto", "gamma", "tweedie"):
        raise TimestudyError(f"family must be 'auto', 'gamma' or 'tweedie', not {family!r}")
    y = design.hours
    n_zero, n = int((y == 0).sum()), len(y)
    if (y < 0).any():
        raise TimestudyError(f"{int((y < 0).sum())} case-months have negative hours")
    if family == "gamma":
        if n_zero:
            raise TimestudyError(f"family='gamma' cannot hold the {n_zero} case-months with "
                                 "zero hours: use family='auto' or 'tweedie'")
        ll = profile_point(design, 2.0)[0]
        return FamilyChoice("gamma", 2.0, "given", "Gamma family (given).", 0, n, loglik=ll)
    if family == "tweedie" and power is not None:
        fam.variance_power("tweedie", power)
        ll, _, mu, phi = profile_point(design, float(power))
        return FamilyChoice("tweedie", float(power), "given",
                            f"Tweedie family with power {power:g} (given).", n_zero, n,
                            expected_zero=_expected_zero(mu, phi, float(power)), loglik=ll)
    return _estimate(design, family, n_zero, max_rows, seed)


def _estimate(design: CaseDesign, family: str, n_zero: int, max_rows: int, seed: int
              ) -> FamilyChoice:
    n = len(design.hours)
    sub = design
    if n > max_rows:
        sub = design.rows(np.sort(np.random.default_rng(seed).choice(n, max_rows,
                                                                     replace=False)))
    p_hat, ll_hat, se, profile = estimate_power(sub)
    where = f" (estimated on {max_rows:,} of {n:,} case-months)" if n > max_rows else ""
    lr = 2 * (ll_hat - profile_point(sub, 2.0)[0]) if n_zero == 0 else None
    if family == "auto" and lr is not None and lr < LR_GAMMA:
        reason = (f"Gamma family: no case has zero hours and the estimated Tweedie power "
                  f"{p_hat:.2f}{where} fits no better (likelihood ratio {lr:.2f} < "
                  f"{LR_GAMMA:.2f}).")
        ll = profile_point(design, 2.0)[0] if sub is not design else ll_hat - lr / 2
        return FamilyChoice("gamma", 2.0, "auto", reason, 0, n, loglik=ll, lr_gamma=lr,
                            profile=profile)
    ll, _, mu, phi = profile_point(design, p_hat)
    expected = _expected_zero(mu, phi, p_hat)
    if n_zero:
        why = (f"{n_zero} of {n:,} case-months have zero hours (a Gamma family cannot hold "
               f"them; the fitted Tweedie expects {expected:.2g})")
    elif family == "auto":
        why = f"it fits better than Gamma (likelihood ratio {lr:.1f} >= {LR_GAMMA:.2f})"
    else:
        why = "family='tweedie' was asked for"
    se_text = f" (se {se:.2f})" if se is not None else ""
    reason = (f"Tweedie family, power {p_hat:.2f}{se_text} estimated by profile likelihood"
              f"{where}: {why}.")
    if n_zero and poisson_sf(n_zero - 1, expected) < 1e-3:
        warnings.warn(f"{n_zero} case-months have zero hours where the fitted Tweedie expects "
                      f"{expected:.2g}: some cases may not have been worked at all (dormant or "
                      "transferred) rather than had a quiet month; the multipliers still "
                      "estimate mean hours, but check those cases", EstimationWarning,
                      stacklevel=3)
    return FamilyChoice("tweedie", p_hat, "auto" if family == "auto" else "given", reason,
                        n_zero, n, expected_zero=expected, power_se=se, loglik=ll,
                        lr_gamma=lr, profile=profile)


def estimate_power(design: CaseDesign, bounds: tuple[float, float] = POWER_BOUNDS,
                   xtol: float = 1e-3) -> tuple[float, float, float | None, np.ndarray]:
    """Profile-likelihood estimate of the Tweedie power: ``(p, loglik, se, profile)``.

    Brent's method over ``bounds``, each power warm-started from the last
    coefficients; the standard error from a central second difference of the
    profile at ``p +- 0.02`` (None at an edge or where the profile is flat).
    """
    trail: dict[float, float] = {}
    warm: list = [None, None]

    def ll_at(p: float) -> float:
        if p not in trail:
            ll, beta, _, phi = profile_point(design, p, *warm)
            warm[:], trail[p] = [beta, phi], ll
        return trail[p]

    res = optimize.minimize_scalar(lambda p: -ll_at(p), bounds=bounds, method="bounded",
                                   options={"xatol": xtol})
    p_hat = float(res.x)
    ll_hat = ll_at(p_hat)
    h, se = 0.02, None
    if bounds[0] < p_hat - h and p_hat + h < 2.0:
        curv = (2 * ll_hat - ll_at(p_hat - h) - ll_at(p_hat + h)) / h**2
        se = float(1 / np.sqrt(curv)) if curv > 0 else None
    profile = np.array(sorted(trail.items()))
    return p_hat, ll_hat, se, profile


def _expected_zero(mu: np.ndarray, phi: float, p: float) -> float:
    """Expected number of zeros under a Tweedie: ``sum exp(-mu^(2-p) / (phi (2-p)))``."""
    return float(np.exp(-np.power(mu, 2 - p) / (phi * (2 - p))).sum())
