"""Turn form input into validated models, with a plain-English message instead of an exception."""

from __future__ import annotations

from pydantic import ValidationError

from ioi_core.content.models import Nation
from ioi_core.model.workbook import WorkbookMeta


def workbook_meta_from_form(
    title: str, organisation: str, nation: Nation | None
) -> tuple[WorkbookMeta | None, str | None]:
    if not title.strip():
        return None, "Give the workbook a title, e.g. the name of your intervention."
    try:
        return WorkbookMeta(title=title, organisation=organisation.strip(), nation=nation), None
    except ValidationError as exc:
        first = exc.errors()[0]
        field = first["loc"][0]
        if first["type"] == "string_too_long":
            return (
                None,
                f"The {field} is too long (at most {first['ctx']['max_length']} characters); please shorten it.",
            )
        return None, f"The {field} {first['msg']}."
