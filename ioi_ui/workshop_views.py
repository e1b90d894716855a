"""What the room sees: the join code and QR, the live charts and the moderated wall, drawn the same on
the projector view and the trainer's control view, and the projector view itself (asking for a
workshop's code, then the room). Nothing here shows a key or offers a trainer's control.

Charts are made for the back of a room: large black labels never cut off, the count written on each
bar, the guide's order of types and domains, dark bars on a white card in either theme.
"""

from __future__ import annotations

import html
import io

import altair as alt
import pandas as pd
import segno
import streamlit as st

from ioi_core.live.room import (
    WALL_QUESTIONS,
    barriers_rated_high,
    exercise1_choices,
    indicator_shift,
    progress_table,
    room_wall,
    stakeholder_groups,
    tables_compared,
)
from ioi_core.model.workbook import EXERCISES
from ioi_core.store.workshops import Workshop, WorkshopError, format_countdown, seconds_left, steps
from ioi_core.text.markdown_safety import literal
from ioi_ui.caching import memo
from ioi_ui.resources import content
from ioi_ui.workbook_session import app_base_url
from ioi_ui.workshop_state import Room, room, workshops

LIVE_SECONDS = 3  # how often the live views look for changes (a cheap check; redrawn only on change)
BAR = "#12436D"  # dark blue: 10.4:1 against white
INK = "#0B0C0C"
LABEL_PX = 26
COUNT_PX = 28
TITLE_PX = 30

ROOM_CSS = """
<style>
[data-testid="stMainBlockContainer"], .block-container { padding-top: 3.75rem; }  /* below the header bar */
.st-key-room h1 { font-size: 2.6rem; padding-top: 0; }
.room-count { font-size: 1.6rem; margin: 0; }
.room-count strong { font-size: 3.2rem; }
.st-key-room p, .st-key-room li { font-size: 1.35rem; line-height: 1.45; }
.st-key-room h2 { font-size: 2.2rem; }
.st-key-room h3 { font-size: 1.8rem; }
.st-key-room [data-testid="stMetricValue"] { font-size: 3.5rem; }
.st-key-room [data-testid="stMetricLabel"] p { font-size: 1.4rem; }
.st-key-room-wall p { font-size: 1.7rem; line-height: 1.4; }
[data-testid="stImageCaption"] { color: #0B0C0C; font-size: 1.2rem; }
.room-table { border-collapse: collapse; font-size: 1.5rem; width: 100%; }
.room-table th, .room-table td { border-bottom: 1px solid #888; padding: .3rem .6rem; text-align: left; }
.room-table td.n { text-align: right; font-weight: 700; }
</style>
"""


def join_link(workshop: Workshop) -> str:
    return f"{app_base_url()}?join={workshop.code}"


def projector_link(workshop: Workshop) -> str:
    return f"{app_base_url()}projector?code={workshop.code}"


def join_banner(workshop: Workshop, *, qr_width: int = 200) -> None:
    """The join code, huge, with the link and a QR code: safe to show (it only lets people join)."""
    link = join_link(workshop)
    code_col, qr_col = st.columns([3, 1], vertical_alignment="center")
    with code_col:
        st.markdown("Join at the link below, or on the Start page with the code:")
        st.html(
            "<p style='font-size:5.5rem;font-weight:700;letter-spacing:.6rem;margin:0;line-height:1.05'"
            f" aria-label='Join code'>{html.escape(workshop.code)}</p>"
        )
        st.code(link, language=None, wrap_lines=True)
    with qr_col:
        st.image(_qr(link), caption="Scan to join", width=qr_width)


def step_line(workshop: Workshop) -> None:
    """The room's current step and the time left, large: on the projector and the control view."""
    step = next((s for s in steps(EXERCISES) if s.id == workshop.settings.step), None)
    if step is None:
        return
    left = seconds_left(workshop.settings.step_until)
    timing = ""
    if left is not None:
        timing = " — time is up" if left == 0 else f" — {format_countdown(left)} left"
    st.html(
        "<p class='room-step' style='font-size:2rem;font-weight:700;margin:.2rem 0' data-testid='room-step'>"
        f"Now: {html.escape(step.title)}{html.escape(timing)}</p>"
    )


def link_qr(link: str) -> bytes:
    """A QR code (PNG) of a link."""
    return _qr(link)


@memo(64)
def _qr(link: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()


def bar_chart(data: pd.DataFrame, label: str, count: str, title: str) -> alt.Chart:
    """Horizontal bars in the order given, each label whole and each count written at its bar's end."""
    top = max(1, int(data[count].max()) if len(data) else 1)
    base = alt.Chart(data).encode(
        y=alt.Y(
            f"{label}:N",
            sort=None,
            title=None,
            axis=alt.Axis(
                labelFontSize=LABEL_PX, labelLimit=0, labelColor=INK, ticks=False, domain=False, minExtent=420
            ),
        ),
        x=alt.X(f"{count}:Q", title=None, axis=None, scale=alt.Scale(domain=[0, top * 1.15], nice=False)),
        tooltip=[label, count],
    )
    bars = base.mark_bar(color=BAR, height=34)
    counts = base.mark_text(align="left", dx=8, fontSize=COUNT_PX, fontWeight="bold", color=INK).encode(
        text=f"{count}:Q"
    )
    return (
        (bars + counts)
        .properties(
            title=alt.Title(title, fontSize=TITLE_PX, anchor="start", color=INK, fontWeight="bold"),
            height=alt.Step(50),  # one band per bar, with room between bars
        )
        .configure(background="#FFFFFF", padding={"left": 12, "right": 12, "top": 12, "bottom": 12})
        .configure_view(stroke=None)
    )


def _table(frame: pd.DataFrame, numeric: set[str]) -> None:
    """A plain large-print table (people's text escaped)."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td class='n'>{html.escape(str(v))}</td>" if c in numeric else f"<td>{html.escape(str(v))}</td>"
            for c, v in zip(frame.columns, row, strict=True)
        )
        + "</tr>"
        for row in frame.itertuples(index=False)
    )
    st.html(f"<table class='room-table'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def room_charts(live: Room) -> None:
    """Progress and the room's aggregates for the workshop's exercises, large enough for a projector."""
    pack = content()
    workshop, participants = live.workshop, live.participants
    exercises = workshop.settings.exercises
    count = sum(p.people for p in participants)
    st.html(
        f"<p class='room-count' aria-live='polite'><strong data-testid='room-count'>{count}</strong> "
        f"{'person has' if count == 1 else 'people have'} joined</p>"
    )
    if not participants:
        st.markdown("Nobody has joined yet.")
        return
    tables_side_by_side(live)
    st.subheader("Progress")
    progress = progress_table(participants, exercises)
    _table(progress, set(progress.columns) - {"Exercise"})
    if "exercise1" in exercises:
        st.subheader("Exercise 1: domains the room chose")
        choices = exercise1_choices(pack, participants)
        for type_name, rows in choices.groupby("type", sort=False):
            st.altair_chart(bar_chart(rows, "domain", "count", str(type_name)), width="stretch")
    if "exercise2" in exercises:
        st.subheader("Exercise 2: indicators picked in Part 1 and in Part 2")
        shift = indicator_shift(pack, participants)
        if shift.empty:
            st.markdown("No indicators picked yet.")
        else:
            _table(
                shift.rename(columns={"part": "Part", "indicator": "Indicator", "count": "People"}),
                {"People"},
            )
    if "stakeholders" in exercises:
        groups = stakeholder_groups(pack, participants)
        st.altair_chart(
            bar_chart(groups, "group", "participants", "Stakeholder groups named (people)"), width="stretch"
        )
    if "barriers" in exercises:
        high = barriers_rated_high(pack, participants)
        st.altair_chart(
            bar_chart(high, "area", "rated high", "Barrier areas rated high (people)"), width="stretch"
        )


def tables_side_by_side(live: Room) -> None:
    """When the trainer set up tables: each table's choices in a column, to compare across the room."""
    compared = tables_compared(content(), live.participants)
    if compared.columns.empty:
        return
    st.subheader("Tables side by side")
    exercises = live.workshop.settings.exercises
    wanted = [
        r
        for r in compared.index
        if ("Exercise 1" in r and "exercise1" in exercises)
        or ("Exercise 2" in r and "exercise2" in exercises)
    ]
    frame = compared.loc[wanted or list(compared.index)].reset_index(names="")
    with st.container(key="room-tables"):
        _table(frame, set())


def room_wall_view(live: Room) -> None:
    """The answers the trainer approved for the current wall question, exactly as typed."""
    settings = live.workshop.settings
    if not settings.wall_question:
        st.markdown("The answer wall is empty: the trainer has not chosen a question yet.")
        return
    st.subheader(WALL_QUESTIONS.get(settings.wall_question, settings.wall_question))
    shown = room_wall(live.participants, settings)
    with st.container(key="room-wall"):
        if not shown:
            st.markdown("No answers on the wall yet.")
        for answer in shown:
            with st.container(border=True):
                st.markdown(f"**{literal(answer.author)}:** {literal(answer.text)}")


# --- The projector view ---


def projector_workshop() -> Workshop | None:
    """The workshop whose code is in the address (or was, earlier in this session); None without a
    code, or with one that opens no workshop (said plainly)."""
    code = st.query_params.get("code") or st.session_state.get("projector_code", "")
    if not code:
        return None
    try:
        return workshops().by_code(code)
    except WorkshopError as exc:
        st.error(str(exc))
        return None


def projector_code_form() -> None:
    """No workshop yet: what the view is, and a box for the workshop's code."""
    st.title("Projector view")
    st.markdown(
        "The room's view of a workshop: the join code, live charts and the answers the trainer puts on "
        "the wall. It shows no key and has no controls."
    )
    with st.form("projector-code"):
        typed = st.text_input("Workshop code", max_chars=12, placeholder="e.g. K7M2QX")
        if st.form_submit_button("Show", type="primary"):
            st.query_params["code"] = typed.strip().upper()
            st.rerun()


def projector_room(workshop: Workshop) -> None:
    """The room's view of `workshop` in large print, updating itself; its code kept for a refresh."""
    st.session_state["projector_code"] = workshop.code
    st.query_params["code"] = workshop.code  # kept through a refresh (the menu drops it)
    st.html(ROOM_CSS)
    _projector_live(workshop)


@st.fragment(run_every=LIVE_SECONDS)
def _projector_live(workshop: Workshop) -> None:
    """Redraws by itself; rebuilt from the database only when the room changed."""
    current = room(workshop.id, workshop.code)
    with st.container(key="room"):
        st.title(literal(current.workshop.title))
        step_line(current.workshop)
        if current.workshop.closed:
            st.markdown("**This workshop is closed.** Answers are kept.")
        else:
            join_banner(current.workshop)
        charts, wall = st.columns([3, 2], gap="large")
        with charts:
            room_charts(current)
        with wall:
            st.header("Answer wall")
            room_wall_view(current)
