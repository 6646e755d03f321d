"""Statistical kernels in NumPy and SciPy (no pandas I/O, no plotting): bootstrap, kappa, Fleiss, concordance."""

from __future__ import annotations

from timestudy._lib.lazy import lazy_exports

_NAMES = {
    "ratio_draws": "bootstrap",
    "worker_draws": "bootstrap",
    "cluster_interval": "bootstrap",
    "cohens_kappa": "kappa",
    "concordance": "ccc",
}
__all__ = list(_NAMES)
__getattr__, __dir__ = lazy_exports(__name__, _NAMES, globals())
