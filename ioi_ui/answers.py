"""Answer widgets: every answer in the app saves as it is entered, the same way.

The root cause this module is built against (issue 13): Streamlit keeps a keyed widget's value in
session state across runs, but the *browser* forgets a widget whenever another page is drawn. After
a page switch interrupted by a fast menu click the server still believed each widget held the stored
answer while the browser drew it empty, and the next click sent those blanks back as changes.

So on every run each answer widget is handed its value explicitly (`_show`): the stored answer, or
what the person typed if its save failed. Server and browser then always agree, and a change the
browser reports is always one the person made. Changes go through `ioi_ui.save_queue`, the one save
path, which refuses a batch that would empty several answers at once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from ioi_core.model.paths import read_path
from ioi_core.model.questions import catalogue, question
from ioi_core.model.tables import apply_table_edits
from ioi_core.store.edits import ANY, EditConflict, append_item, plain, remove_item
from ioi_core.store.workbooks import StoredWorkbook, StoreError, WorkbookStore
from ioi_ui import save_queue
from ioi_ui.resources import store
from ioi_ui.storage_errors import not_saved
from ioi_ui.workbook_session import current, open_key
from ioi_ui.workshop_live import editing_closed

_FLASH = "answer_flash"
_IGNORE = object()  # a widget event that is not the person changing the answer (Escape in a drop-down)
NOT_CHOSEN = "__not_chosen__"  # the explicit way to clear a drop-down answer
LONDON = ZoneInfo("Europe/London")


def _keys(path: Sequence[str]) -> tuple[str, str]:
    dotted = ".".join(path)
    return f"answer:{dotted}", f"seen:{dotted}"


def _show(stored: StoredWorkbook, path: Sequence[str], to_widget: Callable[[Any], Any]) -> str:
    """Hand the widget its value on every run: the stored answer, or the typed one not yet saved."""
    widget_key, seen_key = _keys(path)
    stored_value = read_path(stored.workbook, path)
    st.session_state[seen_key] = stored_value
    pending = save_queue.unsaved().get(save_queue.dotted(path))
    st.session_state[widget_key] = pending.value if pending else to_widget(stored_value)
    return widget_key


def _not_saved_here(path: Sequence[str]) -> None:
    """Say beside the answer itself that it is not saved (the status line at the top says it too)."""
    pending = save_queue.unsaved().get(save_queue.dotted(path))
    if pending:
        st.error(f"**Not saved:** {pending.message}.", icon=":material/error:")


def _changed(path: tuple[str, ...], label: str, from_widget: Callable[[Any], Any]) -> None:
    """on_change: record what the person entered; the save happens before the next read."""
    widget_key, seen_key = _keys(path)
    value = from_widget(st.session_state.get(widget_key))
    if value is _IGNORE:
        return
    save_queue.queue(path, value, st.session_state.get(seen_key), label, open_key())


def show_save_status() -> None:
    """The status line near the top of a page: all saved (and when), or what is not saved and why."""
    key = open_key()
    save_queue.apply_queued(key)  # a page without the sidebar's read still saves first
    flash = st.session_state.pop(_FLASH, None)
    with st.container(key="save-status"):
        for path_key, item in list(save_queue.unsaved().items()):
            kept = "your text is still in the box" if isinstance(item.value, str) else "your choice is kept"
            st.error(f"**Not saved:** “{item.label}”: {item.message} — {kept}.", icon=":material/error:")
            with st.container(horizontal=True):
                if item.retryable:
                    st.button(
                        "Try again", key=f"retry:{path_key}", on_click=save_queue.retry, args=(key, path_key)
                    )
                st.button(
                    "Discard my change",
                    key=f"discard:{path_key}",
                    on_click=save_queue.discard,
                    args=(path_key,),
                )
        if flash:
            kind, message = flash
            (st.warning if kind == "warning" else st.error)(message, icon=":material/error:")
        if not save_queue.unsaved():
            stored = current()
            when = stored.workbook.meta.updated.astimezone(LONDON).strftime("%H:%M") if stored else None
            st.markdown(
                f":material/cloud_done: All changes saved · {when}"
                if when
                else ":material/cloud_done: All changes saved"
            )


def _locked(stored: StoredWorkbook) -> bool:
    """Answers are read-only while the workbook's workshop is closed (the banner says why)."""
    return editing_closed(stored) is not None


def _plain_choice(value: Any) -> Any:
    """A stored enum as its plain value: Streamlit refuses an enum among plain options."""
    return value.value if isinstance(value, Enum) else value


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def text_answer(
    stored: StoredWorkbook,
    path: Sequence[str],
    *,
    help: str | None = None,
    placeholder: str | None = None,
) -> str:
    """A text box bound to `path`; saves when the person leaves the box or presses Ctrl+Enter.

    No `max_chars` on the widget: Streamlit would silently drop a longer paste. The workbook model's
    limit is checked on save, which keeps the text in the box and says how much is over.
    """
    q = question(path)
    label = q.label
    widget_key = _show(stored, path, _text)
    widget = st.text_area if q.kind in ("long_text", "ticked_note") else st.text_input
    value = widget(
        label,
        key=widget_key,
        disabled=_locked(stored),
        on_change=_changed,
        args=(tuple(path), label, lambda v: v or ""),
        help=help or q.help,
        placeholder=placeholder,
    )
    _not_saved_here(path)
    return value  # type: ignore[no-any-return]


def tick_practice(stored: StoredWorkbook, practice_id: str) -> bool:
    """A tick for one of the guide's best practices (ticked ones carry a note; unticking removes it)."""
    path = ("best_practices_ticked",)
    notes = stored.workbook.best_practices_ticked
    widget_key = f"answer:tick.{practice_id}"
    st.session_state[widget_key] = practice_id in notes  # handed its value on every run, as every answer

    def changed() -> None:
        updated = dict(notes)
        if st.session_state.get(widget_key):
            updated.setdefault(practice_id, "")
        else:
            updated.pop(practice_id, None)
        save_queue.queue(path, updated, notes, question((*path, practice_id)).label, open_key())

    return st.checkbox(  # type: ignore[no-any-return]
        "We do this, or plan to",
        key=widget_key,
        disabled=_locked(stored),
        on_change=changed,
        help="Unticking removes the note below; it can be brought back from Recent changes on Start.",
    )


def number_answer(stored: StoredWorkbook, path: Sequence[str], *, help: str | None = None) -> Any:
    """A number bound to `path` (empty means not given yet); saves when the person leaves the box."""
    q = question(path)
    widget_key = _show(stored, path, lambda v: v)
    value = st.number_input(
        q.label,
        value=None,
        key=widget_key,
        format="%g",
        on_change=_changed,
        disabled=_locked(stored),
        args=(tuple(path), q.label, lambda v: v),
        help=help or q.help,
    )
    _not_saved_here(path)
    return value


def choice_answer(
    stored: StoredWorkbook,
    path: Sequence[str],
    options: Sequence[Any] | None = None,
    format_func: Callable[[Any], str] | None = None,
    *,
    help: str | None = None,
    horizontal: bool = False,
) -> Any:
    """A radio choice bound to `path` (None means not chosen yet); options from the catalogue unless given."""
    q = question(path)
    named = q.options or (catalogue().bool_labels if q.kind == "bool" else {})
    options = list(options if options is not None else named)
    format_func = format_func or (named.get if named else str)
    widget_key = _show(stored, path, lambda v: _plain_choice(v) if v in options else None)
    value = st.radio(
        q.label,
        options,
        key=widget_key,
        disabled=_locked(stored),
        index=None,
        format_func=format_func,
        on_change=_changed,
        args=(tuple(path), q.label, lambda v: v),
        help=help or q.help,
        horizontal=horizontal,
    )
    _not_saved_here(path)
    return value


def multi_answer(
    stored: StoredWorkbook,
    path: Sequence[str],
    options: Sequence[Any],
    format_func: Callable[[Any], str] = str,
    *,
    help: str | None = None,
    max_selections: int | None = None,
    accept_new_options: bool = False,
) -> list[Any]:
    """A multiselect bound to a list field at `path` (new options typed in are kept if allowed)."""
    q = question(path)
    label = q.label
    chosen = read_path(stored.workbook, path) or []
    if accept_new_options:
        options = list(dict.fromkeys([*options, *chosen]))
    widget_key = _show(stored, path, lambda v: [x for x in (v or []) if x in options])
    value = st.multiselect(
        label,
        options,
        key=widget_key,
        disabled=_locked(stored),
        format_func=format_func,
        on_change=_changed,
        args=(tuple(path), label, lambda v: list(v or [])),
        help=help or q.help,
        max_selections=max_selections,
        accept_new_options=accept_new_options,
    )
    _not_saved_here(path)
    return value  # type: ignore[no-any-return]


def ticks_answer(
    stored: StoredWorkbook,
    path: Sequence[str],
    options: Sequence[Any],
    format_func: Callable[[Any], str] = str,
    *,
    help: str | None = None,
) -> list[Any]:
    """One checkbox per option, bound to a list field at `path`; each tick saves the whole list.

    As every answer widget, each box is handed its value on every run (the stored list, or the one
    not yet saved), so the only box that differs from it is the one the person just changed."""
    q = question(path)
    label = q.label
    widget_key, seen_key = _keys(path)
    stored_value = list(read_path(stored.workbook, path) or [])
    st.session_state[seen_key] = stored_value
    pending = save_queue.unsaved().get(save_queue.dotted(path))
    shown = list(pending.value) if pending else stored_value
    boxes = [f"{widget_key}:{i}" for i in range(len(options))]
    for box, option in zip(boxes, options, strict=True):
        st.session_state[box] = option in shown

    def changed() -> None:
        value = [o for box, o in zip(boxes, options, strict=True) if st.session_state.get(box)]
        value += [v for v in shown if v not in options]  # an answer no longer offered is kept
        save_queue.queue(path, value, st.session_state.get(seen_key), label, open_key())

    st.markdown(f"**{label}**", help=help or q.help)
    for box, option in zip(boxes, options, strict=True):
        st.checkbox(format_func(option), key=box, disabled=_locked(stored), on_change=changed)
    _not_saved_here(path)
    return [o for o in options if o in shown]


def select_answer(
    stored: StoredWorkbook,
    path: Sequence[str],
    options: Sequence[Any],
    format_func: Callable[[Any], str] = str,
    *,
    help: str | None = None,
    placeholder: str = "Choose…",
) -> Any:
    """A searchable drop-down bound to `path` (None means not chosen yet).

    Escape in a searchable drop-down reports "no choice"; that is never saved. Clearing a choice is
    done on purpose with the "— not chosen —" option.
    """
    q = question(path)
    label = q.label
    widget_key = _show(stored, path, lambda v: v if v in options else None)

    def from_widget(value: Any) -> Any:
        if value is None:
            return _IGNORE
        return None if value == NOT_CHOSEN else value

    value = st.selectbox(
        label,
        [NOT_CHOSEN, *options],
        key=widget_key,
        disabled=_locked(stored),
        index=None,
        format_func=lambda v: "— not chosen —" if v == NOT_CHOSEN else format_func(v),
        on_change=_changed,
        args=(tuple(path), label, from_widget),
        help=help or q.help,
        placeholder=placeholder,
    )
    _not_saved_here(path)
    return None if value == NOT_CHOSEN else value


def _report(message: str, kind: str = "error") -> None:
    st.session_state[_FLASH] = (kind, message)


def _actions_fail(exc: Exception) -> None:
    _report(not_saved(exc))


def set_flag(path: Sequence[str], value: Any) -> None:
    """Save a value the person set with a button (e.g. 'show the example now'), whatever it was."""
    key = open_key()
    if key:
        save_queue.save_one(key, save_queue.Intent(tuple(path), value, ANY, "This choice"))


def change_workbook(
    change: Callable[[WorkbookStore, str], StoredWorkbook], conflict: str | None = None
) -> StoredWorkbook | None:
    """Every change to the open workbook other than one answer (add or remove an item, shortlist)
    goes through here: the saved workbook, or None with "Not saved: why" under the page's status
    line, never an error page. `conflict` is what to say when someone changed the same thing first."""
    key = open_key()
    if not key:
        return None
    try:
        return change(store(), key)
    except EditConflict as exc:
        if conflict is None:
            _actions_fail(exc)
        else:
            _report(conflict, "warning")
    except (StoreError, SQLAlchemyError, OSError) as exc:
        _actions_fail(exc)
    return None


def add_to_list(path: Sequence[str], item: Any) -> StoredWorkbook | None:
    """Append an item (e.g. a target) to a list in the open workbook; the saved workbook, or None."""
    return change_workbook(lambda workbooks, key: append_item(workbooks, key, path, item))


def remove_from_list(path: Sequence[str], index: int, expected: Any) -> None:
    """Remove one item, unless someone else already changed that list."""
    change_workbook(
        lambda workbooks, key: remove_item(workbooks, key, path, index, expected),
        conflict="That list was changed elsewhere; nothing was removed. Check it again.",
    )


def save_value(path: Sequence[str], value: Any, seen: Any, label: str = "This answer") -> bool:
    """Save a whole value (a table, a set of notes) if the stored one is still what the page showed."""
    key = open_key()
    if not key:
        return False
    return save_queue.save_one(key, save_queue.Intent(tuple(path), value, seen, label))


def _digest(items: Any) -> str:
    return hashlib.sha256(json.dumps(plain(items), sort_keys=True, default=str).encode()).hexdigest()


def table_answer(
    stored: StoredWorkbook,
    path: Sequence[str],
    *,
    to_rows: Callable[[Any], list[dict[str, Any]]],
    from_rows: Callable[[list[dict[str, Any]]], Any],
    columns: list[str],
    key: str,
    **editor_args: Any,
) -> None:
    """A table editor bound to a list at `path`; each edit saves as it is made.

    The editor is drawn from a *base* (the table when it was last drawn afresh) and keeps its key and
    its data while what is stored is the base plus the edits made in it. Why: a data editor whose data
    changes is a new widget to Streamlit, and an edit typed into the old one while the page redraws
    (the next cell, right after the last one saved) is dropped. So the table's own saves never change
    the editor; only a change from elsewhere (another tab or person at a table, a restore, Discard)
    draws it afresh from what is stored. Another answer saving leaves it alone too.
    """
    label = question(path).label
    widget_key, seen_key = _keys(path)
    stored_items = read_path(stored.workbook, path) or []
    st.session_state[seen_key] = stored_items
    pending = save_queue.unsaved().get(save_queue.dotted(path))
    shown = pending.value if pending else stored_items

    base_key = f"table-base:{key}"
    generation, base = st.session_state.get(base_key, (0, None))
    if base is not None:
        try:
            drawn = from_rows(
                apply_table_edits(to_rows(base), st.session_state.get(f"{key}-g{generation}") or {})
            )
        except (ValueError, TypeError):
            drawn = shown  # a cell that cannot be read yet: keep the editor as the person left it
        if _digest(drawn) != _digest(shown):
            base = None  # changed elsewhere: draw afresh from what is stored
            generation += 1
    if base is None:
        base = shown
        st.session_state[base_key] = (generation, base)
    rows = to_rows(base)
    editor_key = f"{key}-g{generation}"

    def changed() -> None:
        edits = st.session_state.get(editor_key) or {}
        try:
            items = from_rows(apply_table_edits(rows, edits))
        except (ValueError, TypeError) as exc:
            save_queue.unsaved()[save_queue.dotted(path)] = save_queue.Unsaved(
                tuple(path), shown, st.session_state.get(seen_key), label, f"a cell could not be read ({exc})"
            )
            return
        save_queue.queue(path, items, st.session_state.get(seen_key), label, open_key())

    # Column headings are the catalogue's labels for the table's columns.
    config = dict(editor_args.pop("column_config", None) or {})
    for column in question(path).columns:
        field = column.parts[-1]
        config[field] = {**(config.get(field) or {}), "label": column.label}
    st.data_editor(
        pd.DataFrame(rows, columns=columns),
        key=editor_key,
        disabled=_locked(stored),
        on_change=changed,
        column_config=config,
        **editor_args,
    )
    _not_saved_here(path)
