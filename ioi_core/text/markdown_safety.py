"""People's own text inside Markdown, shown exactly as typed.

Answers appear in Markdown elements (the answer wall on a trainer's projector, lists, summaries). Left
as they are, `# …` would become a heading, `![](https://…)` would load an image from anywhere, `[…](…)`
a link, `$…$` mathematics and `*…*` emphasis. CommonMark lets any ASCII punctuation be escaped with a
backslash, so escaping all of it shows the text literally.
"""

from __future__ import annotations

import re

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character


def literal(text: str) -> str:
    """`text` for a Markdown element: no formatting, links or images; line breaks kept."""
    escaped = _PUNCTUATION.sub(r"\\\1", text)
    return "  \n".join(escaped.splitlines()) if "\n" in escaped else escaped
