"""The principles check: where a workbook's plan departs from the guide's advice, in plain words."""

from __future__ import annotations

from dataclasses import dataclass

from ioi_core.content.models import DomainType, Passage, StakeholderGroup
from ioi_core.content.pack import ContentPack
from ioi_core.model.workbook import Workbook


@dataclass(frozen=True)
class Finding:
    rule_id: str
    title: str
    message: str
    guide_reason: Passage
    fix_page: str
    fix_hint: str


def plan_indicators(workbook: Workbook) -> list[str]:
    """The indicators the plan commits to: Part 2's, the Theory of Change targets, evaluation rows."""
    refs = [workbook.exercise2.part2.indicator] if workbook.exercise2.part2.indicator else []
    refs += [t.indicator for t in workbook.theory_of_change.targets]
    refs += [ref for row in workbook.evaluation for ref in row.indicators]
    return list(dict.fromkeys(refs))


def _domain_of(pack: ContentPack, workbook: Workbook, ref: str) -> int | None:
    if ref in pack.indicators_by_id:
        return pack.indicators_by_id[ref].domain
    return next(
        (c.domain for c in [*workbook.custom_indicators, *workbook.imported_indicators] if c.id == ref), None
    )


def _fired(pack: ContentPack, workbook: Workbook) -> dict[str, dict[str, str]]:
    """Rule id -> values for its message, for every rule the workbook triggers."""
    fired: dict[str, dict[str, str]] = {}
    domains = [d for d in (_domain_of(pack, workbook, r) for r in plan_indicators(workbook)) if d]
    types = {pack.domain(d).type for d in domains}
    if len(domains) >= 2 and len(set(domains)) == 1:
        fired["one_domain"] = {"domain": f"{domains[0]}. {pack.domain(domains[0]).name}"}
    elif len(domains) >= 2 and len(types) == 1:
        fired["one_type"] = {"type": pack.types_by_id[types.pop()].name}
    if domains and DomainType.SOCIAL_CONNECTIONS not in {pack.domain(d).type for d in domains}:
        fired["no_social_connections"] = {}

    rows = workbook.stakeholders.rows
    groups = {row.group for row in rows}
    if not rows:
        fired["no_stakeholders"] = {}
    else:
        if StakeholderGroup.RECEIVING_COMMUNITY not in groups:
            fired["no_receiving_community"] = {}
        if StakeholderGroup.INSTITUTIONS not in groups:
            fired["no_institution"] = {}
        newcomers = [row for row in rows if row.group == StakeholderGroup.NEWCOMERS]
        if not newcomers:
            fired["newcomers_not_at_design"] = {
                "detail": "No newcomers are among your stakeholders, so none help design the intervention."
            }
        elif not any(row.at_design for row in newcomers):
            fired["newcomers_not_at_design"] = {
                "detail": "Newcomers are listed, but none is involved at the design stage."
            }

    if _receiving_community_unmeasured(pack, workbook):
        fired["receiving_community_not_measured"] = {}

    toc = workbook.theory_of_change
    has_evaluation = bool(toc.evaluation_when.strip()) or any(
        row.outcome.strip() for row in workbook.evaluation
    )
    if not has_evaluation:
        fired["no_evaluation"] = {}
    no_baseline = [t for t in toc.targets if not t.baseline.strip()]
    no_baseline_rows = [r for r in workbook.evaluation if r.outcome.strip() and r.baseline is None]
    if has_evaluation and (no_baseline or no_baseline_rows):
        parts = []
        if no_baseline:
            parts.append(f"{len(no_baseline)} target(s) have no baseline")
        if no_baseline_rows:
            parts.append(f"{len(no_baseline_rows)} evaluation row(s) have no baseline")
        fired["no_baseline"] = {"detail": "; ".join(parts) + "."}
    unlinked = [t for t in toc.targets if not t.activity.strip()]
    if unlinked:
        fired["targets_not_linked"] = {
            "detail": f"{len(unlinked)} of {len(toc.targets)} target(s) are not linked to an activity."
        }

    activities = any(
        text.strip()
        for text in (
            workbook.exercise2.part2.table.activities,
            toc.chain.activities,
            workbook.exercise2.part2.initiative,
        )
    )
    goal = any(
        text.strip()
        for text in (workbook.exercise2.part2.table.goal, workbook.exercise2.part2.long_term, toc.chain.goal)
    )
    if activities and not goal:
        fired["planning_forwards"] = {}
    return fired


def _receiving_community_unmeasured(pack: ContentPack, workbook: Workbook) -> bool:
    """An evaluation is planned, but none of its samples or groups of readings is the receiving community:
    the multi-directional principle asks that its adaptation is measured as well as newcomers'."""
    planned = [row for row in workbook.evaluation if row.outcome.strip()]
    if not planned:
        return False
    marked = {o.label.casefold() for o in pack.evaluation.sample_options if o.receiving_community}
    words = [w.casefold() for w in pack.principles_check.receiving_community_words]
    names = [s.casefold() for row in planned for s in row.samples]
    names += [r.group.casefold() for row in planned for r in row.readings]
    return not any(name in marked or any(w in name for w in words) for name in names)


def check_principles(pack: ContentPack, workbook: Workbook) -> list[Finding]:
    """Every finding for this workbook, in the order of the rules in `content/principles_check.yaml`."""
    fired = _fired(pack, workbook)
    return [
        Finding(
            rule.id,
            rule.title,
            rule.finding.format(**fired[rule.id]),
            rule.guide_reason,
            rule.fix_page,
            rule.fix_hint,
        )
        for rule in pack.principles_check.rules
        if rule.id in fired
    ]
