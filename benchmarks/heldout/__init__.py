"""A held-out diary generator (issue 15): children's services social workers over four weeks.

Written from the domain, independently of ``timestudy.simulate``, to test the
project's pipeline on data it has never seen. ``generate`` returns the diary, the
workers and cases tables and the truth; ``check.py`` runs the public pipeline on
them and prints estimate against truth.
"""

from __future__ import annotations

from .study import HeldOutStudy, generate

__all__ = ["HeldOutStudy", "generate"]
