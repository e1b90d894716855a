"""Chart specs cached by their inputs: building an Altair chart's Vega-Lite spec costs ~10 ms a rerun,
and converting its data to Arrow ~1 ms more, so both happen once per distinct input (see caching.py)."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import streamlit as st

from ioi_core.charts.diagrams import domain_ring, power_interest_grid
from ioi_core.content.models import StakeholderGroup
from ioi_core.formats.readings import progress_chart
from ioi_core.model.workbook import EvaluationRow, StakeholderPlan
from ioi_ui.caching import memo
from ioi_ui.resources import content


def _arrow_bytes(rows: list[dict[str, Any]]) -> bytes:
    """Rows as Arrow IPC stream bytes, the form in which Streamlit sends a chart's data."""
    table = pa.Table.from_pylist(rows)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


def _arrow_datasets(spec: dict[str, Any]) -> dict[str, Any]:
    """Store the spec's datasets as Arrow bytes, which `st.vega_lite_chart` passes on as they are."""
    datasets = spec.get("datasets", {})
    spec["datasets"] = {name: _arrow_bytes(rows) for name, rows in datasets.items()}
    return spec


def _draw(spec: dict[str, Any]) -> None:
    # A copy: the cached spec is shared by every session, and drawing takes the datasets out of it.
    st.vega_lite_chart(dict(spec), width="stretch")


@memo(200)
def _ring_spec(path: tuple[int, ...]) -> dict[str, Any]:
    return _arrow_datasets(domain_ring(content(), path).to_dict())


def ring(path: list[int] | tuple[int, ...] = ()) -> None:
    """The domain ring with an optional red line, drawn from a cached spec."""
    _draw(_ring_spec(tuple(path)))


@memo(200)
def _power_interest_spec(plan_json: str) -> dict[str, Any]:
    pack = content()
    plan = StakeholderPlan.model_validate_json(plan_json)
    labels = pack.stakeholders.group_labels
    people = [(r.name, labels[r.group], r.interest.value, r.influence.value) for r in plan.rows]
    grid = power_interest_grid(
        people, list(labels.values()), involve_closely=labels[StakeholderGroup.NEWCOMERS]
    )
    return _arrow_datasets(grid.to_dict())


def power_interest(plan: StakeholderPlan) -> None:
    """The power-interest grid (its text alternative is written beside it by the page)."""
    _draw(_power_interest_spec(plan.model_dump_json()))


@memo(200)
def _progress_spec(row_json: str) -> dict[str, Any]:
    return _arrow_datasets(progress_chart(EvaluationRow.model_validate_json(row_json)).to_dict())


def readings_progress(row: EvaluationRow) -> None:
    _draw(_progress_spec(row.model_dump_json()))
