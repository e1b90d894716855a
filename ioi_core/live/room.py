"""What the room is doing: aggregates over participants' workbooks for the trainer's and the projector's
live views, and the moderated answer wall."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import pandas as pd
from openpyxl import Workbook as XlsxBook

from ioi_core.checks.progress import Status, progress
from ioi_core.content.models import DomainType
from ioi_core.content.pack import ContentPack
from ioi_core.formats.workbook_xlsx import _sheet
from ioi_core.model.exercises import indicator_text
from ioi_core.model.paths import read_path
from ioi_core.model.questions import answer_text, answers, catalogue
from ioi_core.model.workbook import utcnow
from ioi_core.store.workshops import (
    EXERCISES,
    Member,
    Participant,
    Table,
    Workshop,
    WorkshopSettings,
    WorkshopStore,
    answer_hash,
    steps,
    wall_key,
)
from ioi_core.text.markdown_safety import literal


def _wall_questions() -> dict[str, str]:
    """The questions marked `wall: true` in the catalogue: answer path -> label for the trainer."""
    cat = catalogue()
    titles = {s.id: s.title for s in cat.sections}
    return {q.path: f"{titles[q.section]}: {q.label}" for q in cat.leaf_questions() if q.wall}


# The free-text questions a trainer can put on the answer wall: answer path -> label.
WALL_QUESTIONS = _wall_questions()


def _sections_of(exercises: Collection[str] | None) -> set[str] | None:
    """The catalogue sections (progress steps) that belong to the workshop's exercises."""
    if exercises is None:
        return None
    return {s.id for s in catalogue().sections if s.exercise in exercises}


def progress_table(participants: list[Participant], exercises: Collection[str] | None = None) -> pd.DataFrame:
    """Per exercise: how many participants have not started, are in progress, or are done (only the
    workshop's exercises when `exercises` is given)."""
    sections = _sections_of(exercises)
    counts: dict[str, Counter[str]] = {}
    for p in participants:
        for step in progress(p.workbook):
            if sections is None or step.id in sections:
                counts.setdefault(step.name, Counter())[step.status.value] += 1
    return pd.DataFrame(
        [{"Exercise": name, **{s.value: c.get(s.value, 0) for s in Status}} for name, c in counts.items()],
        columns=["Exercise", *[s.value for s in Status]],
    )


def _ago(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "—"
    if moment.tzinfo is None:  # SQLite gives naive UTC datetimes back
        moment = moment.replace(tzinfo=now.tzinfo)
    seconds = max(0, int((now - moment).total_seconds()))
    if seconds < 60:
        return f"{seconds} s ago"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    return f"{seconds // 3600} h ago"


def _page_title(page: str | None) -> str:
    """A page name reported by a participant's browser ("exercise2") as the step(s) it holds."""
    if not page:
        return "—"
    titles = [s.title for s in steps(EXERCISES) if s.page == f"pages/{page}.py"]
    if titles:
        return titles[0].split(" — ")[0] if len(titles) > 1 else titles[0]
    return {"start": "Start"}.get(page, page.replace("_", " ").capitalize())


def _who(p: Participant) -> str:
    """A participant's name for the trainer; a table by its name and the people who joined it."""
    if p.table:
        return f"{p.table} (shared: {p.name or 'nobody yet'})"
    return p.name or "(anonymous)"


def people_table(
    participants: list[Participant],
    exercises: Collection[str] | None = None,
    members: dict[str, Member] | None = None,
    now: datetime | None = None,
) -> pd.DataFrame:
    """One row per participant for the trainer's control view (never the projector): who is where,
    on which page, when they were last active (page open or last save) and what they have done."""
    sections = _sections_of(exercises)
    members = members or {}
    now = now or utcnow()
    rows = []
    for number, p in enumerate(participants, 1):
        steps_done = [s for s in progress(p.workbook) if sections is None or s.id in sections]
        working = next((s.name for s in steps_done if s.status == Status.IN_PROGRESS), None)
        member = members.get(p.workbook_id)
        seen = [t for t in (member.seen_at if member else None, p.workbook.meta.updated) if t is not None]
        last = max((t if t.tzinfo else t.replace(tzinfo=now.tzinfo) for t in seen), default=None)
        rows.append(
            {
                "#": number,
                "Name": _who(p),
                "Table": p.table or (member.table if member else None) or "",
                "On page": _page_title(member.page if member else None),
                "Working on": working
                or (
                    "All done"
                    if steps_done and all(s.status == Status.DONE for s in steps_done)
                    else "Not started"
                ),
                "Done": f"{sum(s.status == Status.DONE for s in steps_done)} of {len(steps_done)}",
                "Last active": _ago(last, now),
            }
        )
    return pd.DataFrame(rows, columns=["#", "Name", "Table", "On page", "Working on", "Done", "Last active"])


def control_heading(workshop: Workshop) -> str:
    """The workshop's title as the trainer's control view heads it (Markdown), marked when closed."""
    return literal(workshop.title) + (" (closed)" if workshop.closed else "")


def reissue_choices(participants: list[Participant]) -> dict[str, str]:
    """Whose link the trainer can make again, for a select box: workbook id -> "1. Amina", numbered
    among them in the order they joined. Not tables: people at one get back in by choosing it again."""
    people = [p for p in participants if not p.table]
    return {p.workbook_id: f"{n}. {p.name or '(anonymous)'}" for n, p in enumerate(people, 1)}


def exercise1_choices(pack: ContentPack, participants: list[Participant]) -> pd.DataFrame:
    """How many chose each domain in Exercise 1 Step 1, in the guide's order of types and domains."""
    fields = {
        DomainType.FACILITATORS: "facilitator",
        DomainType.SOCIAL_CONNECTIONS: "social_connection",
        DomainType.MARKERS_AND_MEANS: "markers_and_means",
    }
    rows = []
    for info in pack.framework.types:  # the guide's order: Markers and Means, Social Connections, …
        field = fields.get(info.id)
        if field is None:
            continue
        chosen = Counter(getattr(p.workbook.exercise1, field) for p in participants)
        for domain in sorted(pack.domains_of_type(info.id), key=lambda d: d.number):
            rows.append(
                {
                    "type": info.name,
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


TABLE_ROWS = (  # the guide's order of types
    ("Markers and Means domain (Exercise 1)", "markers_and_means"),
    ("Social Connections domain (Exercise 1)", "social_connection"),
    ("Facilitators domain (Exercise 1)", "facilitator"),
)


def tables_compared(pack: ContentPack, participants: list[Participant]) -> pd.DataFrame:
    """The tables side by side for the projector: the domains each chose in Exercise 1 and the
    indicator of Exercise 2's Part 1 (forwards) against Part 2 (backwards). One column per table."""
    tables = [p for p in participants if p.table]
    names = {d.number: f"{d.number}. {d.name}" for d in pack.framework.domains}
    rows: dict[str, list[str]] = {}
    for label, field in TABLE_ROWS:
        rows[label] = [names.get(getattr(p.workbook.exercise1, field), "—") for p in tables]
    for label, part in (
        ("Part 1 indicator (Exercise 2)", "part1"),
        ("Part 2 indicator (Exercise 2)", "part2"),
    ):
        rows[label] = [
            indicator_text(pack, p.workbook, ref)
            if (ref := getattr(p.workbook.exercise2, part).indicator)
            else "—"
            for p in tables
        ]
    return pd.DataFrame.from_dict(rows, orient="index", columns=[str(p.table) for p in tables])


def table_line(table: Table) -> str:
    """A table and who joined it, as a Markdown list item for the trainer (names exactly as typed)."""
    who = literal(", ".join(table.members)) if table.members else "nobody has joined by name yet"
    return f"- **{literal(table.name)}** — {who}"


class WallStatus(StrEnum):
    ON_WALL = "On the wall"
    NOT_REVIEWED = "Not yet reviewed"
    EDITED = "Edited since you approved it: hidden until you approve it again"


@dataclass(frozen=True)
class WallAnswer:
    workbook_id: str
    path: str
    author: str
    text: str
    status: WallStatus = WallStatus.NOT_REVIEWED

    @property
    def on_wall(self) -> bool:
        return self.status == WallStatus.ON_WALL


def wall_answers(
    participants: list[Participant],
    question: str,
    anonymous: bool = True,
    approved: dict[str, str] | None = None,
) -> list[WallAnswer]:
    """Non-empty answers to one question, each with its moderation status: on the wall only while
    its text is the text the trainer approved. Names only if the trainer turns anonymity off."""
    path = question.split(".")
    approved = approved or {}
    found = []
    for number, p in enumerate(participants, 1):
        text = read_path(p.workbook, path)
        if isinstance(text, str) and text.strip():
            if p.table:  # a table's answer is the table's: its name is no one's name
                author = p.table
            else:
                author = f"Participant {number}" if anonymous or not p.name else p.name
            stored_hash = approved.get(wall_key(p.workbook_id, question))
            if stored_hash is None:
                status = WallStatus.NOT_REVIEWED
            elif stored_hash == answer_hash(text):
                status = WallStatus.ON_WALL
            else:
                status = WallStatus.EDITED
            found.append(WallAnswer(p.workbook_id, question, author, text.strip(), status))
    return found


def room_wall(participants: list[Participant], settings: WorkshopSettings) -> list[WallAnswer]:
    """What the projector shows: only the approved answers to the trainer's current wall question."""
    if not settings.wall_question:
        return []
    return [
        a
        for a in wall_answers(
            participants, settings.wall_question, settings.wall_anonymous, settings.wall_approved
        )
        if a.on_wall
    ]


def current_wall_question(settings: WorkshopSettings) -> str | None:
    """The wall question the trainer's control shows as chosen: None until one of `WALL_QUESTIONS`
    is chosen (a stored question no longer in the catalogue counts as none)."""
    return settings.wall_question if settings.wall_question in WALL_QUESTIONS else None


def wall_tally(found: list[WallAnswer]) -> str:
    """How many answers the question has and how many of them are on the wall, in words."""
    return f"{len(found)} answer(s), {sum(a.on_wall for a in found)} on the wall."


def wall_card_heading(answer: WallAnswer) -> str:
    """Who wrote an answer (as the wall names them) and its moderation status, in Markdown."""
    return f"**{literal(answer.author)}** · *{answer.status.value}*"


RESPONSE_COLUMNS = ("Participant number", "Display name", "Section", "Step", "Item", "Question", "Answer")


def responses_rows(
    pack: ContentPack,
    participants: list[Participant],
    exercises: Collection[str] | None = None,
    tables: dict[str, str] | None = None,
) -> list[dict[str, object]]:
    """One row per participant per answered question, for the workshop's Excel export: every answer
    in the catalogue (or only those of `exercises`), under its label, in the guide's order, with the
    participant's number (order of joining), display name as typed, and table (when `tables`, a
    workbook id -> table name map, is given).

    "Question" also reads alone (section, entry and label) for a sheet that has only that column."""
    cat = catalogue()
    titles = {s.id: s.title for s in cat.sections}
    rows: list[dict[str, object]] = []
    for number, p in enumerate(participants, 1):
        for a in answers(p.workbook, pack, cat):
            if not a.answered or (exercises is not None and a.question.exercise not in exercises):
                continue
            section = titles[a.question.section]
            rows.append(
                {
                    "Participant number": number,
                    "Participant": p.table or p.name or f"Participant {number}",
                    "Display name": p.name,
                    "Table": p.table or (tables or {}).get(p.workbook_id, ""),
                    "Section": section,
                    "Step": a.question.step_title,
                    "Item": a.item,
                    "Label": a.question.label,
                    "Question": f"{section}: {a.heading}",
                    "Answer": answer_text(a, pack, p.workbook, cat),
                }
            )
    return rows


def summary_rows(
    pack: ContentPack, participants: list[Participant], exercises: Collection[str] | None = None
) -> list[list[object]]:
    """The room's aggregates as rows (what, item, count) for the export's Summary sheet: who joined,
    progress, the domains chosen per type, the indicators of Part 1 and Part 2, stakeholder groups and
    barrier areas rated high."""
    at_tables = [p for p in participants if p.table]
    rows: list[list[object]] = [["Participants", "Joined", len(participants) - len(at_tables)]]
    if at_tables:
        rows.append(["Tables", "Set up", len(at_tables)])
        rows.extend(["Tables", p.table, p.name or "nobody yet"] for p in at_tables)
    for record in progress_table(participants, exercises).to_dict("records"):
        for status in Status:
            rows.append([f"Progress: {record['Exercise']}", status.value, record[status.value]])
    for record in exercise1_choices(pack, participants).to_dict("records"):
        rows.append([f"Exercise 1 domains chosen: {record['type']}", record["domain"], record["count"]])
    for record in indicator_shift(pack, participants).to_dict("records"):
        rows.append([f"Exercise 2 indicators: {record['part']}", record["indicator"], record["count"]])
    for record in stakeholder_groups(pack, participants).to_dict("records"):
        rows.append(["Stakeholder groups named (people)", record["group"], record["participants"]])
    for record in barriers_rated_high(pack, participants).to_dict("records"):
        rows.append(["Barrier areas rated high (people)", record["area"], record["rated high"]])
    return rows


def responses_xlsx(
    pack: ContentPack,
    participants: list[Participant],
    exercises: Collection[str] | None = None,
    tables: dict[str, str] | None = None,
) -> bytes:
    """The trainer's "export all responses": a Responses sheet (every answer, one per row) and a
    Summary sheet (the room's aggregates); text never a formula. A Table column only when the
    workshop has tables."""
    book = XlsxBook()
    book.remove(book.active)
    rows = responses_rows(pack, participants, exercises, tables)
    with_tables = bool(tables and any(tables.values())) or any(p.table for p in participants)
    headers = list(RESPONSE_COLUMNS)
    widths = [12, 24, 28, 24, 28, 50, 70]
    if with_tables:
        headers.insert(2, "Table")
        widths.insert(2, 16)
    fields = ["Participant number", "Display name", "Section", "Step", "Item", "Label", "Answer"]
    if with_tables:
        fields.insert(2, "Table")
    _sheet(book, "Responses", headers, [[r[f] for f in fields] for r in rows], widths)
    _sheet(
        book, "Summary", ("What", "Item", "Count"), summary_rows(pack, participants, exercises), [44, 60, 10]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_workshop(pack: ContentPack, workshops: WorkshopStore, workshop: Workshop) -> bytes:
    """The workshop's export as it is in the database now: the trainer's button and the CLI."""
    participants = workshops.participants(workshop.id)
    tables = {wid: m.table or "" for wid, m in workshops.members(workshop.id).items()}
    return responses_xlsx(pack, participants, None, tables)


def export_file_name(workshop: Workshop) -> str:
    """The file name the trainer's export downloads under."""
    return f"workshop-{workshop.code}.xlsx"
