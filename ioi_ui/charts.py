"""Chart specs cached by their inputs: building an Altair chart's Vega-Lite spec costs ~10 ms a rerun,
and converting its data to Arrow ~1 ms more, so both happen once per distinct input."""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit.dataframe_util import convert_anything_to_arrow_bytes

from ioi_core.charts.diagrams import domain_ring, power_interest_grid
from ioi_core.formats.readings import progress_chart
from ioi_core.model.workbook import EvaluationRow, StakeholderPlan
from ioi_ui.resources import content


def _arrow_datasets(spec: dict[str, Any]) -> dict[str, Any]:
    """Store the spec's datasets as Arrow bytes, which `st.vega_lite_chart` passes on as they are."""
    datasets = spec.get("datasets", {})
    spec["datasets"] = {name: convert_anything_to_arrow_bytes(rows) for name, rows in datasets.items()}
    return spec


@st.cache_data(show_spinner=False, max_entries=200)
def _ring_spec(path: tuple[int, ...]) -> dict[str, Any]:
    return _arrow_datasets(domain_ring(content(), path).to_dict())


def ring(path: list[int] | tuple[int, ...] = ()) -> None:
    """The domain ring with an optional red line, drawn from a cached spec."""
    st.vega_lite_chart(_ring_spec(tuple(path)), width="stretch")


@st.cache_data(show_spinner=False, max_entries=200)
def _power_interest_spec(plan_json: str) -> dict[str, Any]:
    pack = content()
    plan = StakeholderPlan.model_validate_json(plan_json)
    labels = pack.stakeholders.group_labels
    people = [(r.name, labels[r.group], r.interest.value, r.influence.value) for r in plan.rows]
    return _arrow_datasets(power_interest_grid(people, list(labels.values())).to_dict())


def power_interest(plan: StakeholderPlan) -> None:
    """The power-interest grid (its text alternative is written beside it by the page)."""
    st.vega_lite_chart(_power_interest_spec(plan.model_dump_json()), width="stretch")


@st.cache_data(show_spinner=False, max_entries=200)
def _progress_spec(row_json: str) -> dict[str, Any]:
    return _arrow_datasets(progress_chart(EvaluationRow.model_validate_json(row_json)).to_dict())


def readings_progress(row: EvaluationRow) -> None:
    st.vega_lite_chart(_progress_spec(row.model_dump_json()), width="stretch")
