"""Reading a sufficiency survey and a Delphi panel: form-tool headers, workbooks, clear errors."""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy.errors import ConfigError, SchemaError
from timestudy.ingest.evidence import read_delphi, read_survey
from timestudy.schema import EXAMPLES


def test_survey_template_reads():
    s = read_survey(EXAMPLES / "survey.csv")
    assert len(s) == 15 and s["sufficient"].sum() == 5
    assert (s.loc[s["sufficient"], "extra_minutes"] == 0).all()
    assert s["worker_id"].isna().sum() == 3


def test_survey_from_a_form_tool_workbook_with_a_mapping(tmp_path):
    form = pd.DataFrame({"Response ID": ["1", "1", "2"], "Which task?": ["chronology",
                         "statutory_visit", "chronology"],
                         "Do you usually have enough time?": ["No", "Yes", "no"],
                         "How many more minutes?": [20, None, 35]})
    path = tmp_path / "form.xlsx"
    form.to_excel(path, index=False)
    cols = {"respondent_id": "Response ID", "task_type": "Which task?",
            "sufficient": "Do you usually have enough time?",
            "extra_minutes": "How many more minutes?"}
    s = read_survey(path, columns=cols)
    assert s["sufficient"].tolist() == [False, True, False]
    assert s["extra_minutes"].tolist() == [20.0, 0.0, 35.0]
    mapping = tmp_path / "m.yaml"
    mapping.write_text("columns:\n" + "".join(f"  {k}: {v!r}\n" for k, v in cols.items()))
    assert read_survey(path, columns=mapping).equals(s)


def test_survey_errors_name_row_and_column():
    bad = pd.DataFrame({"respondent_id": ["a", "a", "b", "c"],
                        "task_type": ["v", "v", "v", "v"],
                        "sufficient": ["no", "yes", "no", "perhaps"],
                        "extra_minutes": [10, None, None, 5]})
    with pytest.raises(SchemaError, match="row 4: sufficient 'perhaps' is not yes or no"):
        read_survey(bad)
    with pytest.raises(SchemaError, match="row 3 column extra_minutes.*row 2 column task_type"):
        read_survey(bad.iloc[:3])
    with pytest.raises(SchemaError, match="needs the column"):
        read_survey(bad.drop(columns="sufficient"))
    with pytest.raises(ConfigError, match="not field"):
        read_survey(bad, columns={"respondent": "x"})


def test_delphi_template_reads_long():
    d = read_delphi(EXAMPLES / "delphi.csv")
    assert set(d["item"]) == {"task:statutory_visit", "case:CP"}
    assert d.groupby(["item", "round"]).size().tolist() == [5, 5, 5, 5]


def test_delphi_frequency_needs_task_and_case_type():
    d = read_delphi(pd.DataFrame({"expert_id": ["e1"], "round": [1], "task_type": ["visit"],
                                  "case_type": ["CP"], "pieces_per_case_month": [2.2]}))
    assert d["item"].tolist() == ["task:visit@CP"]
    with pytest.raises(SchemaError, match="row 1 pieces_per_case_month: needs task_type and case_type"):
        read_delphi(pd.DataFrame({"expert_id": ["e1"], "round": [1], "task_type": ["visit"],
                                  "pieces_per_case_month": [2.2]}))


def test_delphi_errors():
    with pytest.raises(SchemaError, match="gives no estimate"):
        read_delphi(pd.DataFrame({"expert_id": ["e1"], "round": [1], "task_type": ["v"]}))
    with pytest.raises(SchemaError, match="round"):
        read_delphi(pd.DataFrame({"expert_id": ["e1"], "round": [0], "task_type": ["v"],
                                  "minutes_per_piece": [3]}))
    two = pd.DataFrame({"expert_id": ["e1", "e1"], "round": [1, 1], "task_type": ["v", "v"],
                        "minutes_per_piece": [3, 4]})
    with pytest.raises(SchemaError, match="twice"):
        read_delphi(two)
