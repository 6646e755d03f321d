"""A Delphi panel with one expert's answer given twice (audit23s e/delphi_dup_repro.csv):
the refusal named ``<bound method IndexOpsMixin.item ...>`` and ``<bound method
Series.round ...>`` for the item and the round (a Series' ``.item`` and ``.round`` are its
methods, not the columns)."""

from __future__ import annotations

import pytest

from timestudy.errors import SchemaError
from timestudy.ingest.evidence import read_delphi


def test_a_repeated_answer_names_the_expert_item_and_round(tmp_path):
    """E1 answers statutory_visit in round 1 twice: one line naming E1, the item, the
    measure and round 1."""
    path = tmp_path / "delphi.csv"
    path.write_text("expert_id,round,task_type,case_type,minutes_per_piece,hours_per_case_month\n"
                    "E1,1,statutory_visit,,100,\nE2,1,statutory_visit,,120,\n"
                    "E1,1,statutory_visit,,110,\n")
    with pytest.raises(SchemaError) as got:
        read_delphi(path)
    text = str(got.value)
    assert "expert E1 gives task:statutory_visit minutes_per_piece twice in round 1" in text
    assert "bound method" not in text
