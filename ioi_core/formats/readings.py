"""Measuring change: readings per group over time, the gap between groups, and CSV import of readings."""

from __future__ import annotations

import csv
import io
import math

import altair as alt
import pandas as pd

from ioi_core.model.workbook import EvaluationRow, Reading
from ioi_core.text.markdown_safety import literal

MAX_CSV_BYTES = 1_000_000
MAX_ROWS = 1000
HEADERS = ("group", "when", "value")
# The longest group or "when" a reading holds: the workbook model's limit, never typed again here.
TEXT_LIMIT = next(
    m.max_length for m in Reading.model_fields["group"].metadata if getattr(m, "max_length", None)
)


def parse_readings_csv(text: str) -> tuple[list[Reading], list[str]]:
    """Readings from CSV text with columns group, when, value; any bad row means nothing is taken."""
    if len(text.encode("utf-8", errors="replace")) > MAX_CSV_BYTES:
        return [], [f"The file is larger than {MAX_CSV_BYTES // 1000} kB; split it into smaller files."]
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        return [], ["The file is empty. It needs a header row: group,when,value"]
    header = [cell.strip().casefold() for cell in rows[0]]
    if [h for h in header if h] != list(HEADERS):
        return [], [
            f"The first row must be the headings group,when,value (found: {','.join(rows[0])[:100]})."
        ]
    if len(rows) - 1 > MAX_ROWS:
        return [], [f"Too many rows ({len(rows) - 1}); the limit is {MAX_ROWS}."]
    readings, errors = [], []
    for number, row in enumerate(rows[1:], start=2):
        cells = [c.strip() for c in row] + ["", "", ""]
        group, when, raw = cells[0], cells[1], cells[2]
        if len(row) > 3 and any(c.strip() for c in row[3:]):
            errors.append(f"Row {number}: has more than three columns.")
            continue
        if not group:
            errors.append(f"Row {number}: the group is missing.")
            continue
        if not when:
            errors.append(f"Row {number}: 'when' is missing (a date or a label such as 'Q1 2026').")
            continue
        try:
            value = float(raw.replace("%", "").replace(",", ""))
        except ValueError:
            errors.append(f"Row {number}: value '{raw[:40]}' is not a number.")
            continue
        if not math.isfinite(value):
            errors.append(f"Row {number}: value '{raw[:40]}' is not a finite number.")
            continue
        if len(group) > TEXT_LIMIT or len(when) > TEXT_LIMIT:
            errors.append(f"Row {number}: the group or 'when' is longer than {TEXT_LIMIT} characters.")
            continue
        readings.append(Reading(group=group, when=when, value=value))
    return ([], errors) if errors else (readings, [])


def readings_frame(row: EvaluationRow) -> pd.DataFrame:
    """Readings in entry order; `order` keeps labels like 'Q1 2026' in the order they were entered."""
    order = {w: i for i, w in enumerate(dict.fromkeys(r.when for r in row.readings))}
    return pd.DataFrame(
        [
            {"group": r.group, "when": r.when, "value": r.value, "order": order[r.when]}
            for r in row.readings
            if r.value is not None and r.group and r.when
        ],
        columns=["group", "when", "value", "order"],
    )


def readings_from_file(data: bytes | None, pasted: str) -> tuple[list[Reading], list[str]]:
    """Readings from an uploaded CSV file if there is one, else from pasted CSV text."""
    try:
        text = data.decode("utf-8-sig") if data is not None else pasted
    except UnicodeDecodeError:
        return [], ["The file is not UTF-8 text. In Excel, save it as 'CSV UTF-8'."]
    return parse_readings_csv(text)


def latest_gap_words(gap_table: pd.DataFrame) -> str:
    """The last gap in words, each group's name shown as typed: "At **Q2**, A read 3 above B."."""
    latest = gap_table.iloc[-1]
    return (
        f"At **{literal(str(latest['when']))}**, {literal(str(latest['highest']))} read {latest['gap']:g} "
        f"above {literal(str(latest['lowest']))}."
    )


def gaps(row: EvaluationRow) -> pd.DataFrame:
    """For each time, the highest and lowest group and the gap between them (parity is a small gap)."""
    frame = readings_frame(row)
    result = []
    for _order, part in frame.sort_values("order").groupby("order", sort=True):
        if part["group"].nunique() < 2:
            continue
        top, bottom = part.loc[part["value"].idxmax()], part.loc[part["value"].idxmin()]
        result.append(
            {
                "when": top["when"],
                "highest": top["group"],
                "lowest": bottom["group"],
                "gap": round(top["value"] - bottom["value"], 2),
            }
        )
    return pd.DataFrame(result, columns=["when", "highest", "lowest", "gap"])


def progress_chart(row: EvaluationRow) -> alt.LayerChart:
    """Each group's readings over time, with the baseline and target as labelled lines."""
    frame = readings_frame(row)
    when_order = list(dict.fromkeys(frame["when"]))
    base = alt.Chart(frame).encode(
        # Labels such as "Q1 2026" read across; left to itself Vega-Lite turns them on their side.
        x=alt.X("when:N", sort=when_order, title="When", axis=alt.Axis(labelAngle=0, labelLimit=120)),
        y=alt.Y("value:Q", title="Reading"),
        color=alt.Color("group:N", title="Group", legend=alt.Legend(orient="bottom")),
    )
    layers: list[alt.Chart] = [
        base.mark_line(strokeWidth=3),
        base.mark_point(size=90, filled=True).encode(
            shape=alt.Shape("group:N", title="Group"), tooltip=["group", "when", "value"]
        ),
    ]
    for value, name, dash in ((row.target, "Target", [6, 4]), (row.baseline, "Baseline", [2, 3])):
        if value is not None:
            line = pd.DataFrame({"y": [value], "label": [f"{name}: {value:g}"]})
            layers.append(
                alt.Chart(line).mark_rule(strokeDash=dash, color="#333333", strokeWidth=2).encode(y="y:Q")
            )
            layers.append(
                alt.Chart(line)
                .mark_text(align="left", dx=4, dy=-8, fontSize=12, color="#222222")
                .encode(y="y:Q", x=alt.value(4), text="label:N")
            )
    return alt.layer(*layers).properties(height=360)
