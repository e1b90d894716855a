"""Process-wide resources for the pages: the ones ioi_core/bootstrap.py builds once per process (the
command line uses the same), under the names the UI imports."""

from __future__ import annotations

from ioi_core.bootstrap import bank_store, content, store, workshop_store

__all__ = ["bank_store", "content", "store", "workshop_store"]
