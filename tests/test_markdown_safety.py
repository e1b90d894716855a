"""User text shown in Markdown renders as the same plain text (checked with a CommonMark renderer)."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from ioi_core.text.markdown_safety import literal

RENDER = MarkdownIt("commonmark").enable("table").enable("strikethrough")


def rendered_text(markdown: str) -> str:
    out = RENDER.render(markdown)
    return out


def test_formatting_links_images_and_headings_stay_plain_text() -> None:
    nasty = "# Big ![pic](https://example.com/x.png) [click](javascript:alert(1)) *em* _u_ `code` $x$ 1. ~~s~~ <b>hi</b> | a |"
    out = rendered_text(literal(nasty))
    assert re.fullmatch(r"<p>.*</p>\n", out, re.S), out
    for tag in ("<h1", "<img", "<a ", "<em", "<code", "<ol", "<del", "<b>", "<table"):
        assert tag not in out
    assert html.unescape(out[3:-5]) == nasty


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=80))
def test_any_single_line_renders_as_itself(text: str) -> None:
    text = " ".join(text.split())  # one line, as Markdown collapses spaces anyway
    if not text:
        return
    out = rendered_text(literal(text))
    assert out.startswith("<p>") and out.endswith("</p>\n"), out
    assert html.unescape(out[3:-5]) == text


def test_line_breaks_are_kept() -> None:
    assert rendered_text(literal("one\ntwo")) == "<p>one<br />\ntwo</p>\n"
