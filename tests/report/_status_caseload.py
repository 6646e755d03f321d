"""The hand-made caseload of seven workers shared by the tests of the status rule.

On the audit's g6 guide (the ``six_run`` study's, a role "manager" given no hours for
casework): A holds 5 CP; B 10 CP and 1 PROCEEDINGS; C 11 CP and 1 PROCEEDINGS; D 2 CIN and
1 PROCEEDINGS; E (a manager) and F (0 FTE) 2 CP and 1 PROCEEDINGS each; G 10 CP. Each test
module works its expected statuses by hand in its own docstring.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

HELD = {
    "A": {"CP": 5},
    "B": {"CP": 10, "PROCEEDINGS": 1},
    "C": {"CP": 11, "PROCEEDINGS": 1},
    "D": {"CIN": 2, "PROCEEDINGS": 1},
    "E": {"CP": 2, "PROCEEDINGS": 1},
    "F": {"CP": 2, "PROCEEDINGS": 1},
    "G": {"CP": 10},
}


def status_study(guide):
    """``(guide, caseload, workers)``: the guide with managers given no hours for casework,
    the caseload :data:`HELD`, and the seven workers (F at 0 FTE, E a manager)."""
    guide = replace(guide, meta=guide.meta | {"role_allowances": {"manager": 0.0}})
    caseload = pd.DataFrame([{"case_id": f"{w}{k}{i}", "worker_id": w, "case_type": k}
                             for w, held in HELD.items() for k, n in held.items()
                             for i in range(n)])
    workers = pd.DataFrame({"worker_id": list(HELD), "team": "T",
                            "fte": [0.0 if w == "F" else 1.0 for w in HELD],
                            "role": ["manager" if w == "E" else "social_worker" for w in HELD]})
    return guide, caseload, workers
