"""Workshop helpers for pages: the store, what the trainer revealed, the trainer's key for this browser
session, the room's cached aggregates, and throttled code/key checks.

The trainer key is typed once per browser session (a tab; a refresh asks again) and kept only in
`st.session_state`: never in the address, so it cannot be read off a projector, a screenshot or the
browser history. An old `?trainer=KEY` link is scrubbed from the address and opens nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ioi_core.live.throttle import GuessLimiter
from ioi_core.store.workbooks import StoredWorkbook
from ioi_core.store.workshops import Participant, Workshop, WorkshopError, WorkshopStore
from ioi_ui.caching import once
from ioi_ui.resources import workshop_store

TRAINER_KEY = "trainer_key"  # session state: the key typed (or made) in this browser session
KEY_TO_ACKNOWLEDGE = "new_trainer_key"  # session state: shown until the trainer says it is saved
URL_KEY_REFUSED = "trainer_key_in_url_refused"


def workshops() -> WorkshopStore:
    return workshop_store()  # built once per process (ioi_core/bootstrap.py)


def revealed(stored: StoredWorkbook, what: str) -> bool:
    """True when this workbook belongs to a workshop whose trainer revealed `what`."""
    if not stored.workbook.meta.workshop_code:
        return False
    workshop: Workshop | None = workshops().workshop_of(stored.id)
    return bool(workshop and what in workshop.settings.revealed)


@once
def limiter() -> GuessLimiter:
    """One limiter per server process for join codes, resume codes and trainer keys: per address and
    overall."""
    return GuessLimiter()


def client_address() -> str:
    """Who is guessing, as far as the server can tell: the address the nearest proxy saw (the last
    entry of `X-Forwarded-For`, which a client cannot forge past a proxy that appends to it), else
    the connection's own address. Not per tab: every tab and session from one address shares it."""
    forwarded = ""
    try:
        forwarded = st.context.headers.get("X-Forwarded-For") or ""
    except Exception:  # noqa: BLE001 - no request (AppTest): fall through
        forwarded = ""
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    if hops:
        return hops[-1]
    try:
        return st.context.ip_address or "local"
    except Exception:  # noqa: BLE001
        return "local"


def scrub_trainer_param() -> None:
    """Remove a trainer key from the address (old links put it there); it never opens the controls."""
    if "trainer" in st.query_params:
        del st.query_params["trainer"]
        st.session_state[URL_KEY_REFUSED] = True


def trainer_session() -> tuple[Workshop, str] | None:
    """The workshop this browser session's trainer key opens, and the key; None if there is none."""
    key = st.session_state.get(TRAINER_KEY)
    if not key:
        return None
    try:
        return workshops().by_trainer_key(key), key
    except WorkshopError:
        st.session_state.pop(TRAINER_KEY, None)
        return None


def sign_in_trainer(key: str, *, new: bool = False) -> None:
    st.session_state[TRAINER_KEY] = key
    if new:
        st.session_state[KEY_TO_ACKNOWLEDGE] = key


def sign_out_trainer() -> None:
    for name in (TRAINER_KEY, KEY_TO_ACKNOWLEDGE):
        st.session_state.pop(name, None)


@dataclass(frozen=True)
class Room:
    workshop: Workshop
    participants: list[Participant]


def room(workshop_id: str, code: str) -> Room:
    """The workshop and its participants, read afresh only when the room changed: a cheap signature
    (how many joined, the last save, the settings) is checked on every live refresh."""
    ws = workshops()
    signature = ws.activity(workshop_id)
    cache_key = f"room:{workshop_id}"
    cached = st.session_state.get(cache_key)
    if cached is not None and cached[0] == signature:
        return cached[1]  # type: ignore[no-any-return]
    fresh = Room(ws.by_code(code), ws.participants(workshop_id))
    st.session_state[cache_key] = (signature, fresh)
    return fresh
