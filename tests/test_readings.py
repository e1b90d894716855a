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


def test_readings_from_a_file_or_pasted_text_and_a_file_that_is_not_utf8_is_refused() -> None:
    from ioi_core.formats.readings import readings_from_file

    csv_text = "group,when,value\nNewcomers,Q1,40\nReceiving,Q1,55\n"
    from_file, errors = readings_from_file(("\ufeff" + csv_text).encode("utf-8"), "ignored when a file is given")
    assert errors == [] and [(r.group, r.value) for r in from_file] == [("Newcomers", 40), ("Receiving", 55)]
    pasted, errors = readings_from_file(None, csv_text)
    assert errors == [] and len(pasted) == 2
    refused, errors = readings_from_file("group,when,value\nCaf\xe9,Q1,1\n".encode("latin-1"), "")
    assert refused == [] and errors == ["The file is not UTF-8 text. In Excel, save it as 'CSV UTF-8'."]


def test_the_latest_gap_in_words_shows_group_names_as_typed() -> None:
    from ioi_core.formats.readings import gaps, latest_gap_words
    from ioi_core.model.workbook import EvaluationRow, Reading

    row = EvaluationRow(
        readings=[
            Reading(group="**Bold**", when="Q1", value=10),
            Reading(group="Others", when="Q1", value=4),
            Reading(group="**Bold**", when="Q2", value=9),
            Reading(group="Others", when="Q2", value=6.5),
        ]
    )
    assert latest_gap_words(gaps(row)) == r"At **Q2**, \*\*Bold\*\* read 2.5 above Others."


def test_a_group_longer_than_the_models_limit_is_refused_with_its_row() -> None:
    from ioi_core.model.workbook import Reading

    limit = Reading.model_fields["group"].metadata[0].max_length
    fits, errors = parse_readings_csv(f"group,when,value\n{'g' * limit},Q1,1\n")
    assert errors == [] and len(fits) == 1
    readings, errors = parse_readings_csv(f"group,when,value\n{'g' * (limit + 1)},Q1,1\n")
    assert readings == [] and errors == [f"Row 2: the group or 'when' is longer than {limit} characters."]
