"""What the room is doing: aggregates over participants' workbooks for the trainer's live view."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd
from openpyxl import Workbook as XlsxBook

from ioi_core.content import ContentPack
from ioi_core.content_models import DomainType
from ioi_core.edits import read_path
from ioi_core.exercises import indicator_text
from ioi_core.progress import Status, progress
from ioi_core.questions import answer_text, answers, catalogue
from ioi_core.transfer_xlsx import _sheet
from ioi_core.workshops import Participant


def _wall_questions() -> dict[str, str]:
    """The questions marked `wall: true` in the catalogue: answer path -> label for the trainer."""
    cat = catalogue()
    titles = {s.id: s.title for s in cat.sections}
    return {q.path: f"{titles[q.section]}: {q.label}" for q in cat.leaf_questions() if q.wall}


# The free-text questions a trainer can put on the answer wall: answer path -> label.
WALL_QUESTIONS = _wall_questions()


def progress_table(participants: list[Participant]) -> pd.DataFrame:
    """Per exercise: how many participants have not started, are in progress, or are done."""
    counts: dict[str, Counter[str]] = {}
    for p in participants:
        for step in progress(p.workbook):
            counts.setdefault(step.name, Counter())[step.status.value] += 1
    return pd.DataFrame(
        [{"Exercise": name, **{s.value: c.get(s.value, 0) for s in Status}} for name, c in counts.items()],
        columns=["Exercise", *[s.value for s in Status]],
    )


def exercise1_choices(pack: ContentPack, participants: list[Participant]) -> pd.DataFrame:
    """How many chose each domain, per type, in Exercise 1 Step 1."""
    fields = {
        DomainType.FACILITATORS: "facilitator",
        DomainType.SOCIAL_CONNECTIONS: "social_connection",
        DomainType.MARKERS_AND_MEANS: "markers_and_means",
    }
    rows = []
    for domain_type, field in fields.items():
        chosen = Counter(getattr(p.workbook.exercise1, field) for p in participants)
        for domain in pack.domains_of_type(domain_type):
            rows.append(
                {
                    "type": pack.types_by_id[domain_type].name,
                    "domain": f"{domain.number}. {domain.name}",
                    "count": chosen.get(domain.number, 0),
                }
            )
    return pd.DataFrame(rows, columns=["type", "domain", "count"])


def indicator_shift(pack: ContentPack, participants: list[Participant]) -> pd.DataFrame:
    """Which indicators the room picked in Part 1 and in Part 2 of Exercise 2 (the shift the guide describes)."""
    rows: Counter[tuple[str, str]] = Counter()
    for p in participants:
        for part, ref in (
            ("Part 1", p.workbook.exercise2.part1.indicator),
            ("Part 2", p.workbook.exercise2.part2.indicator),
        ):
            if ref:
                rows[(part, indicator_text(pack, p.workbook, ref))] += 1
    return pd.DataFrame(
        [{"part": part, "indicator": text, "count": n} for (part, text), n in sorted(rows.items())],
        columns=["part", "indicator", "count"],
    )


def stakeholder_groups(pack: ContentPack, participants: list[Participant]) -> pd.DataFrame:
    """How many participants list at least one stakeholder of each group."""
    labels = pack.stakeholders.group_labels
    counts = Counter(g for p in participants for g in {r.group for r in p.workbook.stakeholders.rows})
    return pd.DataFrame(
        [{"group": labels[g], "participants": counts.get(g, 0)} for g in labels],
        columns=["group", "participants"],
    )


def barriers_rated_high(pack: ContentPack, participants: list[Participant]) -> pd.DataFrame:
    counts = Counter(
        area_id
        for p in participants
        for area_id, note in p.workbook.barriers.items()
        if note.priority and note.priority.value == "high"
    )
    return pd.DataFrame(
        [{"area": a.name, "rated high": counts.get(a.id, 0)} for a in pack.barriers.areas],
        columns=["area", "rated high"],
    )


@dataclass(frozen=True)
class WallAnswer:
    workbook_id: str
    author: str
    text: str


def wall_answers(participants: list[Participant], question: str, anonymous: bool = True) -> list[WallAnswer]:
    """Non-empty answers to one question; names only if the trainer turns anonymity off."""
    path = question.split(".")
    answers = []
    for number, p in enumerate(participants, 1):
        text = read_path(p.workbook, path)
        if isinstance(text, str) and text.strip():
            author = f"Participant {number}" if anonymous or not p.name else p.name
            answers.append(WallAnswer(p.workbook_id, author, text.strip()))
    return answers


RESPONSE_COLUMNS = ("Participant", "Section", "Step", "Item", "Question", "Answer")


def responses_rows(
    pack: ContentPack, participants: list[Participant], exercises: Collection[str] | None = None
) -> list[dict[str, str]]:
    """One row per participant per answered question, for the workshop's Excel export: every answer
    in the catalogue (or only those of `exercises`), under its label, in the guide's order.

    "Question" also reads alone (section, entry and label) for a sheet that has only that column."""
    cat = catalogue()
    titles = {s.id: s.title for s in cat.sections}
    rows = []
    for number, p in enumerate(participants, 1):
        who = p.name or f"Participant {number}"
        for a in answers(p.workbook, pack, cat):
            if not a.answered or (exercises is not None and a.question.exercise not in exercises):
                continue
            section = titles[a.question.section]
            rows.append(
                {
                    "Participant": who,
                    "Section": section,
                    "Step": a.question.step_title,
                    "Item": a.item,
                    "Label": a.question.label,
                    "Question": f"{section}: {a.heading}",
                    "Answer": answer_text(a, pack, p.workbook, cat),
                }
            )
    return rows


def responses_xlsx(
    pack: ContentPack, participants: list[Participant], exercises: Collection[str] | None = None
) -> bytes:
    """The trainer's "export all responses": one sheet, text never a formula."""
    book = XlsxBook()
    book.remove(book.active)
    rows = responses_rows(pack, participants, exercises)
    _sheet(
        book,
        "Responses",
        RESPONSE_COLUMNS,
        [[r["Participant"], r["Section"], r["Step"], r["Item"], r["Label"], r["Answer"]] for r in rows],
        [20, 28, 24, 28, 50, 70],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
