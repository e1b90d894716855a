"""The workbook as one printable HTML page, and blank worksheets for rooms without devices.

All user text is escaped: a `<script>` typed into an answer prints as those characters.
"""

from __future__ import annotations

from html import escape

from ioi_core.content import ContentPack
from ioi_core.diagrams import domain_ring_svg
from ioi_core.exercises import exercise1_path, indicator_text
from ioi_core.principles import check_principles
from ioi_core.progress import progress
from ioi_core.workbook import Workbook

CSS = """
body { font-family: Arial, Helvetica, sans-serif; color: #1a1a1a; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.8rem; } h2 { font-size: 1.35rem; border-bottom: 2px solid #1F4E79; padding-bottom: .2rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; } th, td { border: 1px solid #888; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #E8F1FA; } .answer { white-space: pre-wrap; } .muted { color: #444; } .blank { height: 5.5rem; }
blockquote { border-left: 4px solid #1F4E79; margin: .5rem 0; padding: .2rem .8rem; background: #f5f8fb; }
section { break-before: page; } section:first-of-type { break-before: auto; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def _rows(pairs: list[tuple[str, object]]) -> str:
    return "".join(
        f"<tr><th scope='row'>{_e(q)}</th><td class='answer'>{_e(a) or '—'}</td></tr>" for q, a in pairs
    )


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{_e(title)}</title>"
        f"<style>{CSS}</style></head><body>{body}</body></html>"
    )


def report_html(pack: ContentPack, workbook: Workbook) -> str:
    """The whole workbook as a printable page: answers, diagrams in words, the principles check, sources."""
    meta = workbook.meta
    domain = lambda n: f"{n}. {pack.domain(n).name}" if n else ""  # noqa: E731
    ind = lambda ref: indicator_text(pack, workbook, ref)  # noqa: E731
    e1, p1, p2, toc = (
        workbook.exercise1,
        workbook.exercise2.part1,
        workbook.exercise2.part2,
        workbook.theory_of_change,
    )
    parts = [
        f"<h1>{_e(meta.title)}</h1><p class='muted'>{_e(' · '.join(x for x in [meta.organisation, meta.nation or ''] if x))}</p>",
        f"<p class='muted'>Last updated {_e(meta.updated.strftime('%d %B %Y'))}. Exercises from the IOM <i>Guide for Practitioners "
        "on the Home Office Indicators of Integration Framework 2019</i>.</p>",
        "<section><h2>Progress</h2><table><tr><th>Exercise</th><th>Status</th></tr>"
        + "".join(
            f"<tr><td>{_e(s.name)}</td><td>{_e(s.status.value)} ({s.answered} of {s.total})</td></tr>"
            for s in progress(workbook)
        )
        + "</table></section>",
        "<section><h2>Exercise 1 — Thinking with the framework</h2><table>"
        + _rows(
            [
                (
                    "Intervention",
                    e1.intervention_description
                    if e1.intervention == "own"
                    else ("The guide's Friendship Club" if e1.intervention else ""),
                ),
                (
                    "Facilitators",
                    f"{domain(e1.facilitator)} {('— ' + e1.facilitator_why) if e1.facilitator_why else ''}",
                ),
                (
                    "Social Connections",
                    f"{domain(e1.social_connection)} {('— ' + e1.social_connection_why) if e1.social_connection_why else ''}",
                ),
                (
                    "Markers and Means",
                    f"{domain(e1.markers_and_means)} {('— ' + e1.markers_and_means_why) if e1.markers_and_means_why else ''}",
                ),
                (
                    "Rights and Responsibilities",
                    "\n".join(
                        [ind(r) for r in e1.rights_indicators]
                        + ([e1.rights_custom] if e1.rights_custom else [])
                    ),
                ),
                ("Red line", " → ".join(domain(n) for n in exercise1_path(e1))),
            ]
        )
        + "</table>"
        + domain_ring_svg(pack, exercise1_path(e1), "Your red line across the 14 domains")
        + "</section>",
        "<section><h2>Exercise 2 — Part 1 (your usual process)</h2><table>"
        + _rows(
            [
                ("Programme activities", p1.table.activities),
                ("Outputs", p1.table.outputs),
                ("Intermediate outcomes", p1.table.intermediate_outcomes),
                ("Goal", p1.table.goal),
                ("Integration problem", p1.problem),
                ("Most relevant domain", domain(p1.domain)),
                ("Initiative", p1.initiative),
                ("Key outputs", "\n".join(x for x in (p1.output_1, p1.output_2) if x)),
                ("Outcome", p1.outcome),
                ("Indicator", f"{ind(p1.indicator)}\n{p1.indicator_why}".strip()),
                ("Long-term difference", p1.long_term),
            ]
        )
        + "</table><h2>Exercise 2 — Part 2 (Theory of Change)</h2><table>"
        + _rows(
            [
                ("Goal", p2.table.goal),
                ("Intermediate outcomes", p2.table.intermediate_outcomes),
                ("Outputs", p2.table.outputs),
                ("Inputs / activities", p2.table.activities),
                ("Long-term difference", p2.long_term),
                (
                    "Domain still the most relevant?",
                    {True: "Yes", False: f"No — now {domain(p2.domain)}", None: ""}[p2.domain_still_relevant],
                ),
                ("Outcome", p2.outcome),
                ("Indicator", f"{ind(p2.indicator)}\n{p2.indicator_why}".strip()),
                ("Key outputs", "\n".join(x for x in (p2.output_1, p2.output_2) if x)),
                ("Initiative", p2.initiative),
                ("How it differs from Part 1", p2.differs),
            ]
        )
        + "</table></section>",
        "<section><h2>Your Theory of Change</h2><table>"
        + _rows(
            [
                ("Intervention", toc.intervention),
                ("1 Assumptions", toc.assumptions),
                (
                    "2 Evidence",
                    "\n".join(
                        x for x in (toc.evidence_kind, toc.evidence_source, toc.evidence_supports) if x
                    ),
                ),
                ("3 Stakeholder commitment", toc.stakeholder_commitment),
                (
                    "4 Targets",
                    "\n".join(
                        f"{ind(t.indicator)} — baseline {t.baseline or '—'}, target {t.target or '—'}, activity: {t.activity or '—'}"
                        for t in toc.targets
                    ),
                ),
                ("5 Staying on track", toc.staying_on_track),
                ("6 Evaluation", f"{toc.evaluation_when}\n{toc.evaluation_frequency}".strip()),
                (
                    "Results chain",
                    " → ".join(
                        x or "…"
                        for x in (
                            toc.chain.activities,
                            toc.chain.outputs,
                            toc.chain.intermediate_outcomes,
                            toc.chain.goal,
                        )
                    ),
                ),
            ]
        )
        + "</table></section>",
        "<section><h2>Stakeholders</h2><table><tr><th>Name</th><th>Group</th><th>Role</th><th>Influence</th><th>Interest</th><th>Involved at</th></tr>"
        + "".join(
            f"<tr><td>{_e(s.name)}</td><td>{_e(pack.stakeholders.group_labels[s.group])}</td><td>{_e(s.role)}</td><td>{_e(s.influence.value)}</td>"
            f"<td>{_e(s.interest.value)}</td><td>{_e(', '.join(k for k, v in (('design', s.at_design), ('delivery', s.at_delivery), ('evaluation', s.at_evaluation)) if v))}</td></tr>"
            for s in workbook.stakeholders.rows
        )
        + "</table><h2>Barriers</h2><table><tr><th>Area</th><th>Challenges</th><th>Plan</th><th>Priority</th></tr>"
        + "".join(
            f"<tr><td>{_e(a.name)}</td><td class='answer'>{_e(workbook.barriers[a.id].challenges)}</td><td class='answer'>{_e(workbook.barriers[a.id].plan)}</td>"
            f"<td>{_e(workbook.barriers[a.id].priority.value if workbook.barriers[a.id].priority else '')}</td></tr>"
            for a in pack.barriers.areas
            if a.id in workbook.barriers
        )
        + "</table></section>",
        "<section><h2>Evaluation plan</h2><table><tr><th>Outcome</th><th>Indicators</th><th>Methods</th><th>Samples</th><th>Frequency</th><th>Responsible</th><th>Baseline → target</th></tr>"
        + "".join(
            f"<tr><td class='answer'>{_e(r.outcome)}</td><td class='answer'>{_e(chr(10).join(ind(x) for x in r.indicators))}</td><td>{_e(', '.join(r.methods))}</td>"
            f"<td>{_e(', '.join(r.samples))}</td><td>{_e(r.frequency)}</td><td>{_e(r.responsible)}</td><td>{_e(r.baseline)} → {_e(r.target)}</td></tr>"
            for r in workbook.evaluation
        )
        + "</table></section>",
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

    parts = [
        f"<section><h1>{_e(ex1.title)}</h1><p>{_e(' '.join(ex1.step_one.paragraphs))}</p><table>"
        + blank(
            [f"{pack.types_by_id[t].name}: the one most important domain, and why" for t in ex1.type_order]
        )
        + blank([ex1.step_two.title])
        + "</table></section>",
        f"<section><h1>{_e(ex2.title)} — Part 1</h1><blockquote>{_e(ex2.case_study.text)}</blockquote><table><tr>"
        + "".join(
            f"<th>{c.number} {_e(c.heading)}<br><small>{_e(c.description)}</small></th>"
            for c in ex2.part1.columns
        )
        + "</tr><tr>"
        + "<td class='blank'></td>" * 4
        + "</tr></table><table>"
        + blank([q.text for q in ex2.part1.questions])
        + "</table></section>",
        f"<section><h1>{_e(ex2.title)} — Part 2</h1><table><tr>"
        + "".join(
            f"<th>{c.number} {_e(c.heading)}<br><small>{_e(c.description)}</small></th>"
            for c in ex2.part2.columns
        )
        + "</tr><tr>"
        + "<td class='blank'></td>" * 4
        + "</tr></table><table>"
        + blank([q.text for q in ex2.part2.questions])
        + "</table></section>",
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
        "<section><h1>Evaluation plan (Part B, Annex 1)</h1><table>"
        + blank([field.label for field in pack.evaluation.annex1_fields])
        + "</table></section>"
    )
    return _page("IOI Workbook — blank worksheets", "".join(parts))
