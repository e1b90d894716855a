"""The catalogue of questions: what each answer in a workbook is, defined once.

The words (labels, help, option labels, the guide's order) are in `content/questions.yaml`; this module
is the model. A question's limits (length, number of items) are read from the workbook model in
`ioi_core/model/workbook.py`, never typed again. Pages call `question(path)` for a label and limit; the
report, the Excel export, the trainer's export and progress all iterate `answers(workbook, pack)`.
"""

from __future__ import annotations

import functools
import os
import types
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ioi_core.content.pack import CONTENT_DIR, ContentError, ContentPack
from ioi_core.model.exercises import indicator_text
from ioi_core.model.paths import read_path
from ioi_core.model.workbook import Workbook

FILE = "questions.yaml"
WILDCARD = "*"

Kind = Literal[
    "text",  # one line
    "long_text",
    "choice",  # one of a fixed set (labels in `options` or `options_from`)
    "bool",
    "number",
    "domain",  # 1-14
    "indicator",  # one indicator reference (bank, imported or own)
    "indicators",  # several indicator references
    "multi",  # several of a set, or several short texts
    "table",  # a list of rows; its `columns` are the questions of each row
    "ticked_note",  # present = ticked; the text is the person's note
]

# The Python types a kind may be stored as: a catalogue entry whose kind does not fit its field fails.
_KIND_TYPES: dict[str, tuple[type, ...]] = {
    "text": (str,),
    "long_text": (str,),
    "ticked_note": (str,),
    "choice": (str, Enum, bool),
    "bool": (bool,),
    "number": (float, int),
    "domain": (int,),
    "indicator": (str,),
    "indicators": (list,),
    "multi": (list,),
    "table": (list,),
}


# ---------------------------------------------------------------- questions.yaml, as written


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class QuestionSpec(_Strict):
    path: str = Field(min_length=1)
    kind: Kind
    label: str = Field(min_length=1)
    help: str | None = None
    options: dict[str | bool | int, str] | None = None
    options_from: Literal["stakeholder_groups", "key_questions"] | None = None
    progress: bool | str = True
    wall: bool = False
    columns: list[QuestionSpec] = []


class StepSpec(_Strict):
    id: str
    title: str
    questions: list[QuestionSpec] = Field(min_length=1)


class SectionSpec(_Strict):
    id: str
    exercise: str
    title: str
    progress: bool = True
    steps: list[StepSpec] = Field(min_length=1)


class ExerciseSpec(_Strict):
    id: str
    title: str = Field(max_length=31)  # the Excel sheet's name


class CollectionSpec(_Strict):
    """A list or keyed set in the workbook: how its entries are named in exports."""

    path: str
    item: str | None = None  # lists: "Target" -> "Target 1", "Target 2"…
    keys_from: Literal["barrier_areas", "things_to_agree", "best_practices"] | None = None


class NotAQuestion(_Strict):
    path: str
    reason: str = Field(min_length=1)


class CatalogueFile(_Strict):
    bool_labels: dict[bool, str]
    exercises: list[ExerciseSpec]
    collections: list[CollectionSpec]
    sections: list[SectionSpec]
    not_questions: list[NotAQuestion]


# ---------------------------------------------------------------- the workbook model's leaves


@dataclass(frozen=True)
class Leaf:
    """One answer-holding field of the workbook model, found by walking it."""

    path: str  # dotted, `*` for a list index or dict key
    type: Any  # the field's type without Optional/Annotated
    optional: bool
    max_length: int | None  # characters (for a list of texts: of each item)
    max_items: int | None  # entries, for a list or set


@dataclass(frozen=True)
class Container:
    path: str
    kind: Literal["list", "dict"]
    max_items: int | None


def _max_len(metadata: Sequence[Any]) -> int | None:
    for item in metadata:
        value = getattr(item, "max_length", None)
        if isinstance(value, int):
            return value
    return None


def _strip(tp: Any) -> tuple[Any, list[Any], bool]:
    """`tp` without Optional and Annotated: (type, metadata found, was optional)."""
    metadata: list[Any] = []
    optional = False
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp, *extra = get_args(tp)
            metadata += extra
        elif origin in (Union, types.UnionType) and type(None) in get_args(tp):
            optional = True
            rest = [a for a in get_args(tp) if a is not type(None)]
            tp = rest[0] if len(rest) == 1 else Union[tuple(rest)]  # noqa: UP007
        else:
            return tp, metadata, optional


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _walk(
    tp: Any, metadata: list[Any], path: str, leaves: dict[str, Leaf], containers: dict[str, Container]
) -> None:
    tp, more, optional = _strip(tp)
    metadata = [*metadata, *more]
    origin = get_origin(tp)
    if _is_model(tp):
        for name, info in tp.model_fields.items():
            _walk(
                info.annotation, list(info.metadata), f"{path}.{name}" if path else name, leaves, containers
            )
        return
    if origin in (list, dict):
        item = get_args(tp)[-1]
        item_type, item_meta, _ = _strip(item)
        if _is_model(item_type) or origin is dict:
            containers[path] = Container(path, "list" if origin is list else "dict", _max_len(metadata))
            _walk(item, [], f"{path}.{WILDCARD}", leaves, containers)
            return
        # A list of plain values is one answer (several choices).
        leaves[path] = Leaf(path, tp, optional, _max_len(item_meta), _max_len(metadata))
        return
    leaves[path] = Leaf(path, tp, optional, _max_len(metadata), None)


@functools.cache
def model_leaves(model: type[BaseModel] = Workbook) -> tuple[dict[str, Leaf], dict[str, Container]]:
    """Every leaf field of the Workbook model, and every list or keyed set on the way."""
    leaves: dict[str, Leaf] = {}
    containers: dict[str, Container] = {}
    _walk(model, [], "", leaves, containers)
    return leaves, containers


# ---------------------------------------------------------------- the catalogue


@dataclass(frozen=True)
class Question:
    path: str  # pattern, e.g. "barriers.*.plan"
    label: str
    kind: str
    section: str
    exercise: str
    step: str
    step_title: str
    order: int  # position in the guide's order, from 0
    help: str | None = None
    max_length: int | None = None  # characters, from the workbook model
    max_items: int | None = None  # entries of a list answer, from the workbook model
    optional: bool = False  # may be left unanswered (None) in the model
    options: dict[Any, str] | None = None
    options_from: str | None = None
    progress: bool | str = True
    wall: bool = False
    columns: tuple[Question, ...] = ()  # for a table: one question per column
    table: str | None = None  # for a column: the table's path

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.path.split("."))


@dataclass(frozen=True)
class Section:
    id: str
    exercise: str
    title: str
    progress: bool
    steps: tuple[tuple[str, str], ...]  # (id, title)
    questions: tuple[Question, ...]  # top-level questions (tables with their columns inside)


@dataclass(frozen=True, eq=False)  # compared (and cached) by identity
class Catalogue:
    sections: tuple[Section, ...]
    exercises: dict[str, str]  # id -> title (the Excel sheet)
    collections: dict[str, CollectionSpec]
    not_questions: tuple[NotAQuestion, ...]
    bool_labels: dict[bool, str]
    by_path: dict[str, Question] = field(repr=False)  # every question and column by pattern

    @property
    def questions(self) -> tuple[Question, ...]:
        """Top-level questions in the guide's order (a table once, its columns inside it)."""
        return tuple(q for s in self.sections for q in s.questions)

    def leaf_questions(self) -> list[Question]:
        """Every question that holds one value: tables replaced by their columns."""
        return [c for q in self.questions for c in (q.columns or (q,))]

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    def question(self, path: str | Sequence[str]) -> Question:
        return _resolve(self, path if isinstance(path, str) else ".".join(map(str, path)))


def _build(spec: CatalogueFile) -> tuple[Catalogue, list[str]]:
    """The catalogue from its file, and every way it disagrees with the workbook model."""
    leaves, containers = model_leaves()
    problems: list[str] = []
    by_path: dict[str, Question] = {}
    sections = []
    order = 0
    exercise_ids = {e.id for e in spec.exercises}

    def make(q: QuestionSpec, path: str, section: SectionSpec, step: StepSpec, table: str | None) -> Question:
        nonlocal order
        leaf = leaves.get(path)
        is_table = q.kind == "table"
        if is_table:
            if path not in containers or containers[path].kind != "list" or not q.columns:
                problems.append(f"{path}: a table must be a list of rows in the workbook model, with columns")
        elif leaf is None:
            problems.append(f"{path}: no such answer field in the workbook model")
        else:
            base = get_origin(leaf.type) or leaf.type
            allowed = _KIND_TYPES[q.kind]
            if get_origin(leaf.type) is Literal:
                base = type(get_args(leaf.type)[0])
            if not (isinstance(base, type) and issubclass(base, allowed)):
                problems.append(f"{path}: kind '{q.kind}' does not fit the field's type {leaf.type}")
        if path in by_path:
            problems.append(f"{path}: defined more than once")
        question = Question(
            path=path,
            label=q.label,
            kind=q.kind,
            section=section.id,
            exercise=section.exercise,
            step=step.id,
            step_title=step.title,
            order=order,
            help=q.help,
            max_length=leaf.max_length if leaf else None,
            max_items=(
                containers[path].max_items
                if is_table and path in containers
                else leaf.max_items
                if leaf
                else None
            ),
            optional=leaf.optional if leaf else False,
            options=dict(q.options) if q.options is not None else None,
            options_from=q.options_from,
            progress=q.progress,
            wall=q.wall,
            table=table,
        )
        order += 1
        if is_table:
            # A table counts in progress as one answer unless a column says otherwise.
            whole = q.progress if isinstance(q.progress, str) or q.progress is False else path
            columns = tuple(
                make(
                    c if c.progress is not True else c.model_copy(update={"progress": whole}),
                    f"{path}.{WILDCARD}.{c.path}",
                    section,
                    step,
                    path,
                )
                for c in q.columns
            )
            question = Question(**{**question.__dict__, "columns": columns})
        by_path[path] = question
        return question

    for section in spec.sections:
        if section.exercise not in exercise_ids:
            problems.append(
                f"sections: '{section.id}' belongs to exercise '{section.exercise}', which is not listed"
            )
        questions = tuple(
            make(q, q.path, section, step, None) for step in section.steps for q in step.questions
        )
        sections.append(
            Section(
                section.id,
                section.exercise,
                section.title,
                section.progress,
                tuple((s.id, s.title) for s in section.steps),
                questions,
            )
        )

    catalogue = Catalogue(
        sections=tuple(sections),
        exercises={e.id: e.title for e in spec.exercises},
        collections={c.path: c for c in spec.collections},
        not_questions=tuple(spec.not_questions),
        bool_labels=dict(spec.bool_labels),
        by_path=by_path,
    )
    if set(spec.bool_labels) != {True, False}:
        problems.append("bool_labels: give a label for true and for false")
    problems += [p for p in coverage_problems(catalogue) if p not in problems]
    return catalogue, problems


def coverage_problems(catalogue: Catalogue, model: type[BaseModel] = Workbook) -> list[str]:
    """Every leaf of the workbook model has exactly one entry (a question or a reason it is none)."""
    leaves, containers = model_leaves(model)
    problems: list[str] = []
    covered: dict[str, str] = {}
    for q in catalogue.leaf_questions():
        if q.path not in leaves:
            problems.append(f"{q.path}: no such answer field in the workbook model")
        covered[q.path] = "question"
    for entry in catalogue.not_questions:
        under = [p for p in leaves if p == entry.path or p.startswith(entry.path + ".")]
        if not under:
            problems.append(f"not_questions: {entry.path}: no such field in the workbook model")
        for p in under:
            if p in covered:
                problems.append(f"{p}: listed both as a question and as not a question")
            covered[p] = "not a question"
    for path in leaves:
        if path not in covered:
            problems.append(
                f"{path}: the workbook model has this field but the catalogue does not; add it to "
                "content/questions.yaml as a question, or under not_questions with the reason"
            )
    question_containers = {
        p.rsplit(f".{WILDCARD}", 1)[0] for q in catalogue.leaf_questions() for p in _wildcard_prefixes(q.path)
    }
    for path in sorted(question_containers):
        collection = catalogue.collections.get(path)
        if collection is None:
            problems.append(f"collections: {path}: add how its entries are named (item or keys_from)")
        elif path not in containers:
            continue  # reported above: the question points at no field
        elif containers[path].kind == "dict" and collection.keys_from is None:
            problems.append(f"collections: {path}: a keyed set needs keys_from")
        elif containers[path].kind == "list" and collection.item is None:
            problems.append(f"collections: {path}: a list needs item")
    for path in catalogue.collections:
        if path not in containers:
            problems.append(f"collections: {path}: not a list or keyed set in the workbook model")
    return problems


def _wildcard_prefixes(path: str) -> list[str]:
    """ "evaluation.*.readings.*.value" -> ["evaluation.*", "evaluation.*.readings.*"]."""
    parts = path.split(".")
    return [".".join(parts[: i + 1]) for i, part in enumerate(parts) if part == WILDCARD]


def _problems_of(exc: ValidationError) -> list[str]:
    return [
        f"content/{FILE}: {'.'.join(str(p) for p in err['loc']) or '(top level)'}: {err['msg']}"
        for err in exc.errors()
    ]


def load_catalogue(directory: Path | None = None) -> Catalogue:
    """Read and check `questions.yaml`; raise ContentError naming every problem."""
    directory = Path(directory or os.environ.get("IOI_CONTENT_DIR") or CONTENT_DIR)
    try:
        raw = yaml.safe_load((directory / FILE).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ContentError([f"content/{FILE}: file is missing"]) from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ContentError([f"content/{FILE}: not valid YAML: {exc}"]) from exc
    try:
        spec = CatalogueFile.model_validate(raw)
    except ValidationError as exc:
        raise ContentError(_problems_of(exc)) from exc
    catalogue, problems = _build(spec)
    if problems:
        raise ContentError([f"content/{FILE}: {p}" for p in problems])
    return catalogue


def pack_problems(catalogue: Catalogue, pack: ContentPack) -> list[str]:
    """Where the catalogue and the rest of the content pack say different things about one question."""
    problems = []
    for part_name in ("part1", "part2"):
        for q in getattr(pack.exercise2, part_name).questions:
            question = catalogue.by_path.get(f"exercise2.{part_name}.{q.id}")
            if question is not None and question.label != q.text:
                problems.append(
                    f"content/{FILE}: exercise2.{part_name}.{q.id}: label differs from "
                    f"content/exercise2.yaml {part_name}.questions ({q.text!r})"
                )
    return problems


@functools.lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The catalogue, loaded and checked once per process."""
    return load_catalogue()


# ---------------------------------------------------------------- looking a question up


def _matches(pattern: tuple[str, ...], parts: tuple[str, ...]) -> bool:
    return len(pattern) == len(parts) and all(p in (WILDCARD, x) for p, x in zip(pattern, parts, strict=True))


@functools.lru_cache(maxsize=4096)
def _resolve(cat: Catalogue, path: str) -> Question:
    if path in cat.by_path:
        return cat.by_path[path]
    parts = tuple(path.split("."))
    for candidate in cat.by_path.values():
        if _matches(candidate.parts, parts):
            return candidate
    raise KeyError(f"no question in the catalogue matches '{path}'")


def question(path: str | Sequence[str]) -> Question:
    """The question an answer path belongs to: `barriers.resources.plan`, `evaluation.0.outcome`,
    `("stakeholders", "rows", "2", "role")`. Raises KeyError for a path that is no question."""
    return catalogue().question(path)


# ---------------------------------------------------------------- every answer of a workbook


@dataclass(frozen=True)
class Answer:
    question: Question
    path: str  # concrete, e.g. "evaluation.0.readings.2.value"
    value: Any
    items: tuple[str, ...] = ()  # the entries it belongs to, e.g. ("Outcome 1", "Reading 3")

    @property
    def answered(self) -> bool:
        value = self.value
        if value is None or value == [] or value == {}:
            return False
        if isinstance(value, str) and not value.strip():
            # A ticked best practice with no note is still ticked.
            return self.question.kind == "ticked_note"
        return True

    @property
    def item(self) -> str:
        return " — ".join(self.items)

    @property
    def heading(self) -> str:
        """The label with the entry it belongs to, for one-line-per-answer exports."""
        return f"{self.item}: {self.question.label}" if self.items else self.question.label


KEY_SOURCES: dict[str, Callable[[ContentPack], list[tuple[str, str]]]] = {
    "barrier_areas": lambda pack: [(a.id, a.name) for a in pack.barriers.areas],
    "things_to_agree": lambda pack: [(t.id, t.text) for t in pack.stakeholders.things_to_agree],
    "best_practices": lambda pack: [(p.id, p.title) for p in pack.context.best_practices],
}


_read = read_path  # one way to walk a workbook by its answer path (ioi_core.store.edits)


def _entries(cat: Catalogue, pattern: str, value: Any, pack: ContentPack) -> list[tuple[str, str]]:
    """(key, name) of each entry of a list or keyed set, in the guide's order."""
    collection = cat.collections[pattern]
    if isinstance(value, list):
        return [(str(i), f"{collection.item} {i + 1}") for i in range(len(value))]
    if not isinstance(value, dict):
        return []
    known = KEY_SOURCES[collection.keys_from](pack) if collection.keys_from else []
    names = dict(known)
    # Keys the content pack no longer has are still the person's answers: they come last, by key.
    ordered = [k for k, _ in known if k in value] + [k for k in value if k not in names]
    return [(k, names.get(k, k)) for k in ordered]


def _expand(
    cat: Catalogue,
    run: Sequence[Question],
    depth: int,
    concrete: tuple[str, ...],
    items: tuple[str, ...],
    workbook: Workbook,
    pack: ContentPack,
) -> Iterator[Answer]:
    """Answers of `run` (questions whose first `depth` parts are bound to `concrete`), in order."""
    i = 0
    while i < len(run):
        q = run[i]
        rest = q.parts[depth:]
        if WILDCARD not in rest:
            path = (*concrete, *rest)
            yield Answer(q, ".".join(path), _read(workbook, path), items)
            i += 1
            continue
        cut = rest.index(WILDCARD)
        head = rest[:cut]
        j = i
        while j < len(run) and run[j].parts[depth : depth + cut + 1] == (*head, WILDCARD):
            j += 1
        group, where = run[i:j], (*concrete, *head)
        pattern = ".".join((*q.parts[:depth], *head))
        for key, name in _entries(cat, pattern, _read(workbook, where), pack):
            yield from _expand(cat, group, depth + cut + 1, (*where, key), (*items, name), workbook, pack)
        i = j


def answers(workbook: Workbook, pack: ContentPack, cat: Catalogue | None = None) -> Iterator[Answer]:
    """Every answer the workbook holds, in the guide's order: each fixed question (answered or not),
    and each entry of its lists and keyed sets. A table yields its cells, row by row."""
    cat = cat or catalogue()
    for section in cat.sections:
        run = [c for q in section.questions for c in (q.columns or (q,))]
        yield from _expand(cat, run, 0, (), (), workbook, pack)


def sections_of(
    answers_: Sequence[Answer], cat: Catalogue | None = None
) -> list[tuple[Section, list[Answer]]]:
    """Answers grouped by section, in the guide's order (sections without answers left out)."""
    cat = cat or catalogue()
    grouped: dict[str, list[Answer]] = {}
    for answer in answers_:
        grouped.setdefault(answer.question.section, []).append(answer)
    return [(s, grouped[s.id]) for s in cat.sections if s.id in grouped]


def exercises_of(
    answers_: Sequence[Answer], cat: Catalogue | None = None
) -> list[tuple[str, str, list[Answer]]]:
    """Answers grouped by exercise: (exercise id, its title, answers), in the guide's order."""
    cat = cat or catalogue()
    grouped: dict[str, list[Answer]] = {}
    for answer in answers_:
        grouped.setdefault(answer.question.exercise, []).append(answer)
    return [(e, title, grouped[e]) for e, title in cat.exercises.items() if e in grouped]


# ---------------------------------------------------------------- an answer in words


def indicator_words(pack: ContentPack, workbook: Workbook, ref: str, cat: Catalogue | None = None) -> str:
    """An indicator's text and where it comes from: the app says which indicators are its own."""
    return indicator_text(pack, workbook, ref)


def _option(q: Question, value: Any, pack: ContentPack, cat: Catalogue) -> str:
    key = value.value if isinstance(value, Enum) else value
    if q.options_from == "stakeholder_groups":
        labels: dict[Any, str] = {g.value: text for g, text in pack.stakeholders.group_labels.items()}
    elif q.options_from == "key_questions":
        labels = dict(enumerate(pack.exercise2.key_questions))
    else:
        labels = q.options or {}
    if isinstance(key, bool) and key not in labels:
        return cat.bool_labels[key]
    return labels.get(key, str(key))


def answer_text(answer: Answer, pack: ContentPack, workbook: Workbook, cat: Catalogue | None = None) -> str:
    """The answer as a person reads it: domain names, indicator words with provenance, option labels.
    People's own text comes back exactly as typed; escaping is the output's job."""
    cat = cat or catalogue()
    q, value = answer.question, answer.value
    if not answer.answered:
        return ""
    if q.kind == "domain":
        return f"{value}. {pack.domain(value).name}"
    if q.kind == "indicator":
        return indicator_words(pack, workbook, value, cat)
    if q.kind == "indicators":
        return "\n".join(indicator_words(pack, workbook, ref, cat) for ref in value)
    if q.kind == "multi":
        return "\n".join(_option(q, v, pack, cat) for v in value)
    if q.kind in ("choice", "bool"):
        return _option(q, value, pack, cat)
    if q.kind == "number":
        return f"{value:g}"
    if q.kind == "ticked_note":
        ticked = _option(q, True, pack, cat)
        return f"{ticked}: {value}" if value.strip() else ticked
    return str(value)
