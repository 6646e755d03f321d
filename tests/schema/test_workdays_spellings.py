"""``workdays`` as a real HR export writes compressed hours and rotas (fix33p item 6): each
spelling is read right or refused with one line naming the file, the line, the column and
the fix; never misread.

Before fix33p ``"4"`` (four days a week) was read as Friday alone, ``"5"`` (or the number
5, a column of counts) as Saturday alone, and ``"Mon/Tue/Wed"`` as a rota of three weeks
of one day each; ``"Mon - Thu"``, ``"Mon–Thu"``, ``"Mon to Thu"`` and ``"Week 1: Mon-Fri;
Week 2: Mon-Thu"`` were refused (``'-' is not a weekday``) though they say plainly which
days are meant.
"""

from __future__ import annotations

import pytest

from timestudy import read_workers
from timestudy.errors import SchemaError
from timestudy.schema.workdays import parse_pattern

MON_THU, MON_FRI = (0, 1, 2, 3), (0, 1, 2, 3, 4)


@pytest.mark.parametrize(
    ("value", "weeks"),
    [
        ("Mon-Thu", (MON_THU,)),
        ("Mon,Tue,Wed,Thu", (MON_THU,)),
        ("mon tue wed thu", (MON_THU,)),
        ("Monday-Thursday", (MON_THU,)),
        ("Mon - Thu", (MON_THU,)),  # was refused: '-' is not a weekday
        ("Mon\u2013Thu", (MON_THU,)),  # an en dash (a spreadsheet's autocorrect)
        ("Mon to Thu", (MON_THU,)),
        ("Mon-Fri / Mon-Thu", (MON_FRI, MON_THU)),
        ("Week 1: Mon-Fri; Week 2: Mon-Thu", (MON_FRI, MON_THU)),  # was refused
        ("week 1 - Mon-Fri, week 2 - Mon-Thu", (MON_FRI, MON_THU)),
        ("Mon-Wed / off", ((0, 1, 2), ())),
        ("0,1,2,3", (MON_THU,)),
    ],
)
def test_a_spelling_that_says_which_days_is_read(value, weeks):
    assert parse_pattern(value) == weeks


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("4", "'4' is a number of days, not which days (as a day number, Friday"),  # was Fri
        (5, "'5' is a number of days, not which days (as a day number, Saturday"),  # was Sat
        ("4 days", "'4 days' is a number of days, not which days: write the days by name"),
        ("4.5", "'4.5' is a number of days"),
        ("9-day fortnight", "as 'Mon-Fri / Mon-Thu', with pattern_from"),
        ("Mon/Tue/Wed", "reads as 3 weeks that alternate, of one day each"),  # was 3 weeks
        ("Week 2: Mon-Thu; Week 1: Mon-Fri", "must start the value and run in order"),
        ("Mon-Fri (9 day fortnight)", "'(9' is not a weekday; write days as"),
    ],
)
def test_a_spelling_that_does_not_say_which_days_is_refused_with_the_fix(value, said):
    with pytest.raises(ValueError, match="workdays .*") as caught:
        parse_pattern(value)
    assert said in str(caught.value) and "\n" not in str(caught.value)


def test_the_workers_table_names_the_file_line_column_and_fix(tmp_path):
    path = tmp_path / "workers.csv"
    path.write_text(
        "worker_id,fte,contracted_hours,workdays\n"
        "W1,1.0,37,Mon - Thu\n"
        "W2,0.8,29.6,4\n"
        "W3,1.0,37,Mon/Tue/Wed\n"
    )
    with pytest.raises(SchemaError) as caught:
        read_workers(path)
    said = str(caught.value)
    assert said.startswith("workers.csv: 2 problem(s) in the workers table")
    assert "line 3: worker 'W2': workdays '4' is a number of days" in said
    assert "line 4: worker 'W3': workdays 'Mon/Tue/Wed' reads as 3 weeks" in said
    assert "line 2" not in said  # 'Mon - Thu' read: Monday to Thursday
    path.write_text("worker_id,fte,contracted_hours,workdays\nW1,1.0,37,Mon - Thu\n")
    assert parse_pattern(read_workers(path)["workdays"].iloc[0]) == (MON_THU,)
