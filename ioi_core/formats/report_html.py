"""The workbook as one printable HTML page, and blank worksheets for rooms without devices.

Every answer is printed under its label from the catalogue of questions (ioi_core/model/questions.py), in
the guide's order. All user text is escaped: a `<script>` typed into an answer prints as those characters.
"""

from __future__ import annotations

import re
import unicodedata
from html import escape

from ioi_core.charts.diagrams import domain_ring_svg
from ioi_core.checks.principles import check_principles
from ioi_core.checks.progress import progress
from ioi_core.content.models import Exercise2Part
from ioi_core.content.pack import ContentPack
from ioi_core.model.exercises import exercise1_path
from ioi_core.model.questions import Answer, Catalogue, Section, answer_text, answers, catalogue, sections_of
from ioi_core.model.workbook import Workbook

CSS = """
body { font-family: Arial, Helvetica, sans-serif; color: #1a1a1a; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.8rem; } h2 { font-size: 1.35rem; border-bottom: 2px solid #1F4E79; padding-bottom: .2rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; } th, td { border: 1px solid #888; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #E8F1FA; } h3 { font-size: 1.15rem; margin-top: 1.2rem; } h4 { font-size: 1rem; margin: .8rem 0 .2rem; } .answer { white-space: pre-wrap; } .muted { color: #444; } .blank { height: 5.5rem; }
blockquote { border-left: 4px solid #1F4E79; margin: .5rem 0; padding: .2rem .8rem; background: #f5f8fb; }
section { break-before: page; } section:first-of-type { break-before: auto; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
"""


def download_slug(title: str, limit: int = 50) -> str:
    """A clean file name from a workbook's title: lower-case letters and digits joined by single
    hyphens; accents dropped (café -> cafe), other scripts' letters kept; 'workbook' if nothing is left."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", title) if not unicodedata.combining(c))
    words = re.findall(r"[^\W_]+", plain.lower())
    slug = ""
    for word in words:
        if slug and len(slug) + 1 + len(word) > limit:
            break
        slug = f"{slug}-{word}" if slug else word[:limit]
    return slug or "workbook"


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def _rows(pairs: list[tuple[str, object]]) -> str:
    return "".join(
        f"<tr><th scope='row'>{_e(q)}</th><td class='answer' dir='auto'>{_e(a) or '—'}</td></tr>"
        for q, a in pairs
    )


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{_e(title)}</title>"
        f"<style>{CSS}</style></head><body>{body}</body></html>"
    )


def _block_key(answer: Answer) -> tuple[object, ...]:
    """Answers that print together: a grid per table (per parent entry), else rows per entry."""
    q = answer.question
    if q.table:
        return ("grid", q.step, answer.items[:-1], q.table)
    return ("rows", q.step, answer.items)


def _grid(cat: Catalogue, table: str, answers_: list[Answer], pack: ContentPack, workbook: Workbook) -> str:
    columns = cat.by_path[table].columns
    rows: dict[str, dict[str, str]] = {}
    for a in answers_:
        rows.setdefault(a.items[-1], {})[a.question.path] = answer_text(a, pack, workbook, cat)
    head = "<tr><th></th>" + "".join(f"<th scope='col'>{_e(c.label)}</th>" for c in columns) + "</tr>"
    body = "".join(
        f"<tr><th scope='row' dir='auto'>{_e(name)}</th>"
        + "".join(f"<td class='answer' dir='auto'>{_e(values.get(c.path, '')) or '—'}</td>" for c in columns)
        + "</tr>"
        for name, values in rows.items()
    )
    return f"<table>{head}{body}</table>"


def _section_html(
    cat: Catalogue, section: Section, answers_: list[Answer], pack: ContentPack, workbook: Workbook
) -> str:
    """One section's answers under its steps, each list entry under its own heading."""
    blocks: list[tuple[tuple[object, ...], list[Answer]]] = []
    for a in answers_:
        key = _block_key(a)
        if blocks and blocks[-1][0] == key:
            blocks[-1][1].append(a)
        else:
            blocks.append((key, [a]))
    html, step, items = [f"<h2>{_e(section.title)}</h2>"], None, ()
    for key, group in blocks:
        first = group[0]
        if first.question.step != step:
            step, items = first.question.step, ()
            if first.question.step_title != section.title:
                html.append(f"<h3>{_e(first.question.step_title)}</h3>")
        entry = first.items[:-1] if key[0] == "grid" else first.items
        if entry and entry != items:
            html.append(f"<h4 dir='auto'>{_e(' — '.join(entry))}</h4>")
        items = entry
        if key[0] == "grid":
            html.append(_grid(cat, str(key[3]), group, pack, workbook))
        else:
            html.append(
                "<table>"
                + _rows([(a.question.label, answer_text(a, pack, workbook, cat)) for a in group])
                + "</table>"
            )
    return "".join(html)


def report_html(pack: ContentPack, workbook: Workbook) -> str:
    """The whole workbook as a printable page: every answer under the catalogue's labels, in the
    guide's order; the red line drawn and in words; the principles check; sources."""
    meta = workbook.meta
    cat = catalogue()
    path = exercise1_path(workbook.exercise1)
    extras = {  # drawings that belong with a section's answers
        "exercise1": "<p><b>Red line:</b> "
        + _e(" → ".join(f"{n}. {pack.domain(n).name}" for n in path) or "—")
        + "</p>"
        + domain_ring_svg(pack, path, "Your red line across the 14 domains"),
        "evaluation": f"<p class='muted'>{_e(pack.evaluation.annex1_reconstruction)}</p>",  # not the guide's own
    }
    parts = [
        f"<h1 dir='auto'>{_e(meta.title)}</h1><p class='muted' dir='auto'>{_e(' · '.join(x for x in [meta.organisation, meta.nation or ''] if x))}</p>",
        f"<p class='muted'>Last updated {_e(meta.updated.strftime('%d %B %Y'))}. Exercises from the IOM <i>Guide for Practitioners "
        "on the Home Office Indicators of Integration Framework 2019</i>.</p>",
        "<section><h2>Progress</h2><table><tr><th>Exercise</th><th>Status</th></tr>"
        + "".join(
            f"<tr><td>{_e(s.name)}</td><td>{_e(s.status.value)} ({s.answered} of {s.total})</td></tr>"
            for s in progress(workbook, pack)
        )
        + "</table></section>",
    ]
    by_section = dict((s.id, a) for s, a in sections_of(list(answers(workbook, pack, cat)), cat))
    for section in cat.sections:
        body = (
            _section_html(cat, section, by_section[section.id], pack, workbook)
            if section.id in by_section
            else f"<h2>{_e(section.title)}</h2><p class='muted'>Nothing written here yet.</p>"
        )
        parts.append(f"<section>{body}{extras.get(section.id, '')}</section>")
    parts += [
        "<section><h2>Principles check</h2>"
        + (
            "".join(
                f"<h3>{_e(f.title)}</h3><p>{_e(f.message)}</p><blockquote>{_e(f.guide_reason.text)}<br><i>{_e(f.guide_reason.source)}</i></blockquote><p><b>What to do:</b> {_e(f.fix_hint)}</p>"
                for f in check_principles(pack, workbook)
            )
            or "<p>Your plan follows the guide's advice on every point the check looks at.</p>"
        )
        + "</section>",
        "<section><h2>Sources</h2><ul>"
        + "".join(
            f"<li><b>{_e(s.title)}</b> — {_e(s.publisher)} ({_e(s.year)}). {_e(s.rights)}</li>"
            for s in pack.sources.sources
        )
        + f"</ul><p class='muted'>{_e(pack.sources.own_words_note)}</p></section>",
    ]
    return _page(meta.title, "".join(parts))


def blank_worksheets_html(pack: ContentPack) -> str:
    """Print-ready blank worksheets for Exercise 1, Exercise 2 (both parts) and the barriers table."""
    ex1, ex2 = pack.exercise1, pack.exercise2

    def blank(questions: list[str]) -> str:
        return "".join(f"<tr><th scope='row'>{_e(q)}</th><td class='blank'></td></tr>" for q in questions)

    def part_sheet(title: str, lead_html: str, part: Exercise2Part) -> str:
        """One part of Exercise 2: its four columns to fill in, then its questions."""
        return (
            f"<section><h1>{_e(title)}</h1>{lead_html}<table><tr>"
            + "".join(
                f"<th>{c.number} {_e(c.heading)}<br><small>{_e(c.description)}</small></th>"
                for c in part.columns
            )
            + "</tr><tr>"
            + "<td class='blank'></td>" * len(part.columns)
            + "</tr></table><table>"
            + blank([q.text for q in part.questions])
            + "</table></section>"
        )

    parts = [
        f"<section><h1>{_e(ex1.title)}</h1><p>{_e(' '.join(ex1.step_one.paragraphs))}</p><table>"
        + blank(
            [f"{pack.types_by_id[t].name}: the one most important domain, and why" for t in ex1.type_order]
        )
        + blank([ex1.step_two.title])
        + "</table></section>",
        part_sheet(f"{ex2.title} — Part 1", f"<blockquote>{_e(ex2.case_study.text)}</blockquote>", ex2.part1),
        part_sheet(
            f"{ex2.title} — Part 2",
            f"<p class='muted'>{_e(ex2.part2.reconstruction_note or '')}</p>",
            ex2.part2,
        ),
        f"<section><h1>Barriers</h1><p>{_e(pack.barriers.instruction)}</p><table><tr><th>Area</th><th>What challenges are there in your organisation?</th><th>How can you plan around them?</th></tr>"
        + "".join(
            f"<tr><th scope='row'>{_e(a.name)}</th><td class='blank'></td><td class='blank'></td></tr>"
            for a in pack.barriers.areas
        )
        + "</table></section>",
    ]
    toc = pack.theory_of_change
    parts.append(
        "<section><h1>Your Theory of Change</h1><table>"
        + blank([f"Step {step.number}: {step.name} — {step.prompt}" for step in toc.steps])
        + "</table></section>"
    )
    parts.append(
        "<section><h1>Stakeholders</h1><table><tr><th>Who</th><th>Group</th><th>Role</th><th>Influence</th>"
        "<th>Interest</th><th>Involved at design / delivery / evaluation</th></tr>"
        + "".join("<tr>" + "<td class='blank'></td>" * 6 + "</tr>" for _ in range(6))
        + "</table><table>"
        + blank([thing.text for thing in pack.stakeholders.things_to_agree])
        + "</table></section>"
    )
    parts.append(
        "<section><h1>Evaluation plan (Part B, Annex 1)</h1>"
        f"<p class='muted'>{_e(pack.evaluation.annex1_reconstruction)}</p><table>"
        + blank([field.label for field in pack.evaluation.annex1_fields])
        + "</table></section>"
    )
    return _page("IOI Workbook — blank worksheets", "".join(parts))
