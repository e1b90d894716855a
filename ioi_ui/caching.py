"""How the app caches, one way for everything: in this server process's memory, bounded, keyed by a
cheap explicit key, shared by every session, and handed out read-only.

- Values derived from inputs (chart specs, export files, the bank's search index, QR codes): wrap the
  function in `memo(maxsize, key=...)`. The key is a plain tuple or string the caller already has (a
  workbook's JSON, ids), never a hash of a large object computed on every call; `maxsize` bounds the
  memory. Shared values are not copied, so a caller must not change what it gets (chart specs are
  copied before Streamlit draws them).
- Objects made once per process: the database engine and the content pack by `ioi_core/bootstrap.py`
  (the command line shares it), anything else the UI needs once (the guess limiter, the menu) by `once`.
- ioi_core keeps its own caches by the same rule (the catalogue of questions, the bank's listings and
  searches) with functools and cachetools, since the core cannot import the UI.
- What belongs to one browser tab (the open workbook's key, a read shared within one run, the last
  room drawn) is in `st.session_state`, not here.

Not Streamlit's `st.cache_data` / `st.cache_resource`: they hash their arguments on every call and
copy values through pickle, which cost more than the work saved for the app's small, frequent calls,
and they are a second set of rules to learn.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from cachetools import LRUCache, cached
from cachetools.keys import hashkey

F = TypeVar("F", bound=Callable[..., Any])


def memo(maxsize: int, key: Callable[..., Any] = hashkey) -> Callable[[F], F]:
    """An LRU cache of at most `maxsize` results, keyed by `key(*args)` (by default the arguments)."""
    return cached(LRUCache(maxsize=maxsize), key=key, lock=threading.Lock())  # type: ignore[return-value]


def once(make: F) -> F:
    """Made on first use, then the same object for the life of the process (thread-safe)."""
    lock = threading.Lock()
    made = functools.cache(make)

    @functools.wraps(make)
    def get(*args: Any) -> Any:
        with lock:
            return made(*args)

    return get  # type: ignore[return-value]
