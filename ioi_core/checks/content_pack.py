"""The content pack checked against the workbook model: the pack the app and the command line use.

ioi_core/content/ reads and cross-checks the content files on their own and knows nothing of the
workbook model; what needs the model is checked here, and reported together with the files' own
problems: every exercise a workshop can hold is named in `content/pages.yaml`, and the catalogue of
questions (`content/questions.yaml`) fits the model and says what the rest of the pack says.
"""

from __future__ import annotations

import functools
from pathlib import Path

from ioi_core.content.pack import ContentError, ContentPack, load_content
from ioi_core.model.questions import load_catalogue, pack_problems
from ioi_core.model.workbook import EXERCISES


def exercise_name_problems(_directory: Path, pack: ContentPack) -> list[str]:
    """Every exercise a workshop can hold (the workbook's EXERCISES) named once, and nothing else."""
    names = pack.pages.exercise_names
    if set(names) == set(EXERCISES):
        return []
    missing, extra = sorted(set(EXERCISES) - set(names)), sorted(set(names) - set(EXERCISES))
    return [
        f"content/pages.yaml: exercise_names: name each of {', '.join(EXERCISES)} once"
        + (f"; missing {', '.join(missing)}" if missing else "")
        + (f"; not an exercise: {', '.join(extra)}" if extra else "")
    ]


def catalogue_problems(directory: Path, pack: ContentPack) -> list[str]:
    """The catalogue of questions in `directory` against the workbook model and this pack."""
    try:
        return pack_problems(load_catalogue(directory), pack)
    except ContentError as exc:
        return exc.problems


MODEL_CHECKS = (exercise_name_problems, catalogue_problems)


def checked_content(directory: Path | None = None) -> ContentPack:
    """The content pack in `directory` (default: content/, or IOI_CONTENT_DIR), checked within itself
    and against the workbook model; ContentError lists every problem found."""
    return load_content(directory, more_checks=MODEL_CHECKS)


@functools.lru_cache(maxsize=1)
def get_content() -> ContentPack:
    """The checked content pack, loaded once per process (ioi_core/bootstrap.py hands it out; code below
    the composition root that takes an optional pack falls back on it)."""
    return checked_content()
