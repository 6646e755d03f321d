"""A standard due ``every: 0 weeks`` is refused in one line (audit23s, finding 2).

A piece due every 0 weeks is due WEEKDAYS_PER_MONTH / (0 x 5) times a case-month: a
division by zero, which crashed `timestudy should` with "internal error
(ZeroDivisionError)". Now reading the file stops with a ConfigError that names the file,
the case type and piece, the value and the fix.
"""

from __future__ import annotations

import pytest

from timestudy.errors import ConfigError
from timestudy.schema.standards import read_standards

ZERO = """standards_version: 1
name: zero
source: t
case_types:
  CP:
    - piece: visit
      task_types: [statutory_visit]
      every: {every}
      source: zero
"""


@pytest.mark.parametrize("every", ["0 weeks", "0.0 working days"])
def test_an_interval_of_no_length_is_refused_naming_the_entry(tmp_path, every):
    f = tmp_path / "std_zero.yaml"
    f.write_text(ZERO.format(every=every), encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        read_standards(f)
    said = str(e.value)
    assert "std_zero.yaml" in said and "case_types.CP" in said and "'visit'" in said
    assert f"every: '{every}'" in said and "10 working days" in said
    assert "\n" not in said


def test_a_weekly_interval_still_reads(tmp_path):
    """1 week = 5 working days: 21.74 / 5 = 4.35 visits a case-month."""
    f = tmp_path / "std.yaml"
    f.write_text(ZERO.format(every="1 week"), encoding="utf-8")
    s = read_standards(f)
    assert round(float(s.items["per_case_month"].iloc[0]), 2) == 4.35
