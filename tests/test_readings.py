"""Readings: CSV import with per-row errors, and the gap between groups."""

from ioi_core.formats.readings import gaps, parse_readings_csv, progress_chart
from ioi_core.model.workbook import EvaluationRow, Reading


def test_good_csv_becomes_readings() -> None:
    readings, errors = parse_readings_csv(
        "group,when,value\nNewcomers,Q1 2026,20%\nSettled residents,Q1 2026,55\n"
    )
    assert errors == []
    assert [(r.group, r.when, r.value) for r in readings] == [
        ("Newcomers", "Q1 2026", 20.0),
        ("Settled residents", "Q1 2026", 55.0),
    ]


def test_bad_rows_are_listed_and_nothing_is_taken() -> None:
    text = "group,when,value\nNewcomers,Q1,abc\n,Q1,3\nSettled,,4\nSettled,Q2,5\nA,B,1,extra\n"
    readings, errors = parse_readings_csv(text)
    assert readings == []
    assert errors == [
        "Row 2: value 'abc' is not a number.",
        "Row 3: the group is missing.",
        "Row 4: 'when' is missing (a date or a label such as 'Q1 2026').",
        "Row 6: has more than three columns.",
    ]


def test_wrong_headings_and_empty_files_are_refused() -> None:
    assert parse_readings_csv("")[1][0].startswith("The file is empty")
    assert parse_readings_csv("name,date,score\nA,B,1")[1][0].startswith("The first row must be the headings")
    assert parse_readings_csv("group,when,value\nA,B,nan")[1] == [
        "Row 2: value 'nan' is not a finite number."
    ]


def test_a_formula_looking_cell_is_just_text() -> None:
    readings, errors = parse_readings_csv('group,when,value\n"=HYPERLINK(""x"")",Q1,1\n')
    assert errors == [] and readings[0].group == '=HYPERLINK("x")'


def test_gap_between_groups_per_time() -> None:
    row = EvaluationRow(
        outcome="Conversations",
        baseline=20,
        target=60,
        readings=[
            Reading(group="Newcomers", when="Q1", value=20),
            Reading(group="Settled", when="Q1", value=60),
            Reading(group="Newcomers", when="Q2", value=45),
            Reading(group="Settled", when="Q2", value=58),
        ],
    )
    table = gaps(row)
    assert table.to_dict("records") == [
        {"when": "Q1", "highest": "Settled", "lowest": "Newcomers", "gap": 40.0},
        {"when": "Q2", "highest": "Settled", "lowest": "Newcomers", "gap": 13.0},
    ]
    spec = progress_chart(row).to_dict()
    assert len(spec["layer"]) == 6  # line, points, target rule + label, baseline rule + label
