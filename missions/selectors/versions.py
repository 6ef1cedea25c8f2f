"""What a plan version holds and what changed between two: the frozen snapshot (plain JSON keyed
by stable ids), the diff of two snapshots, and the labels that turn a snapshot's codes into
words (for the versions page and the plan's PDF alike)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, IntegerField, Value
from django.utils.translation import gettext as _

from missions.models import (
    ComplexityLevel,
    FirstLineRole,
    GoalDelivery,
    IndicatorDirectionGoal,
    MissionTheme,
    MultiYearPlan,
    PartnerOrganisation,
    PartnerType,
    PlanVersion,
    SextupleAim,
    SubmissionStatus,
)
from missions.selectors.plans import plan_detail_queryset
from networks.models import RegionalCareZone

# Approvals --------------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionApproval:
    """A version of a plan the department approved (version_approvals): when, and whether it is
    still in force or which later approved version replaced it, and when."""

    number: int
    #: Its approval; None for a plan approved without a timeline (imported, or from before it).
    approved_at: datetime.datetime | None
    #: The version approved after it (which ended it), and when; None while it is in force.
    replaced_by: int | None = None
    replaced_at: datetime.datetime | None = None

    @property
    def in_force(self) -> bool:
        return self.replaced_by is None


def _approved_number(event, versions) -> int | None:
    """The version an approval step approved: the one it names, else (a step from before steps
    named their version) the latest version submitted before it."""
    if event.version_number is not None:
        return event.version_number
    before = [version.number for version in versions if version.submitted_at <= event.at]
    return max(before, default=None)


def version_approvals(plan: MultiYearPlan, versions, events) -> dict[int, VersionApproval]:
    """Version number -> how it was approved, for every version of ``plan`` the department
    approved, from the plan's approval steps (``events``: its review events, or only those to
    APPROVED, in time order; ``versions``: its versions with ``number`` and ``submitted_at``).
    No query. The version approved last (``plan.approved_version``) is in force, also while the
    plan is reopened or a newer version is in review; one approved before it was replaced by the
    next approved version on that version's approval. The one answer for the versions page and
    the version's PDF."""
    steps = [
        (event.at, number)
        for event in events
        if event.to_status == SubmissionStatus.APPROVED
        and (number := _approved_number(event, versions)) is not None
    ]
    if plan.approved_version is not None and plan.approved_version not in {n for _at, n in steps}:
        steps.append((None, plan.approved_version))  # approved without a timeline: in force
    found: dict[int, VersionApproval] = {}
    for index, (at, number) in enumerate(steps):
        later = next(((then, other) for then, other in steps[index + 1 :] if other != number), None)
        found[number] = VersionApproval(
            number=number,
            approved_at=at,
            replaced_by=later[1] if later else None,
            replaced_at=later[0] if later else None,
        )
    return found


def plan_version_approvals(plan: MultiYearPlan, versions) -> dict[int, VersionApproval]:
    """version_approvals of ``plan`` (``versions``: its versions, read already), reading its
    approval steps (one query)."""
    approvals = plan.events.filter(to_status=SubmissionStatus.APPROVED).order_by("at", "pk")
    return version_approvals(plan, versions, list(approvals))


def unchanged_latest_version(plan: MultiYearPlan, content: dict | None = None) -> PlanVersion | None:
    """The plan's latest version when the plan has not changed since it (``content``: the
    plan's snapshot now, read when not given): submitting the plan again sends that version
    again rather than a copy under a new number. None when there is no version or it differs."""
    latest = plan.versions.order_by("-number").first()
    if latest is None:
        return None
    if content is None:
        content = plan_snapshot(plan_detail_queryset().get(pk=plan.pk))
    return latest if latest.content_hash == PlanVersion.hash_of(content) else None


# Snapshots --------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _action_snapshot(action) -> dict:
    snapshot = {
        "id": action.pk,
        "what": action.what,
        "partners": sorted(p.code for p in action.partner_types.all()),
        "partners_note": action.partners_note,
        "responsible": action.responsible,
        "start": _text(action.start),
        "end": _text(action.end),
    }
    # Only when set: versions stored before partner organisations existed compare equal.
    organisations = sorted(p.code for p in action.partners.all())
    if organisations:
        snapshot["partner_organisations"] = organisations
    return snapshot


def _indicator_snapshot(indicator) -> dict:
    return {
        "id": indicator.pk,
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline_value": _text(indicator.baseline_value),
        "baseline_year": indicator.baseline_year,
        "direction": indicator.direction,
        "targets": {str(t.year): _text(t.value) for t in indicator.targets.all()},
    }


def _subsidiarity(goal) -> dict:
    """The first line's role and the complexity levels of a goal, only when set: versions
    stored before these fields existed compare equal to a goal that leaves them empty."""
    found = {}
    if goal.first_line_role:
        found["first_line_role"] = goal.first_line_role
    levels = sorted(level.code for level in goal.complexity_levels.all())
    if levels:
        found["complexity_levels"] = levels
    return found


def plan_snapshot(plan: MultiYearPlan) -> dict:
    """The plan's content as plain JSON, keyed by stable ids so versions can be compared.
    ``plan`` comes from ``plan_detail_queryset`` (no further query)."""
    return {
        "network": plan.network.code,
        "period": [plan.period.start_year, plan.period.end_year],
        "summary": plan.summary,
        "stakeholders": plan.stakeholders,
        "goals": [
            {
                "id": goal.pk,
                "theme": goal.theme.code,
                "title": goal.title,
                "description": goal.description,
                "aims": sorted(aim.code for aim in goal.aims.all()),
                "target_zones": sorted(zone.code for zone in goal.target_zones.all()),
                "delivery_mode": goal.delivery_mode,
                **_subsidiarity(goal),
                "actions": [_action_snapshot(action) for action in goal.actions.all()],
                "indicators": [_indicator_snapshot(indicator) for indicator in goal.indicators.all()],
            }
            for goal in plan.goals.all()
        ],
    }


# Diffs ------------------------------------------------------------------------------------


def _field_changes(old: dict, new: dict, skip=("id", "actions", "indicators")) -> list[tuple]:
    keys = [k for k in {**old, **new} if k not in skip]
    return [(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k)]


def _pairs(old_items: list[dict], new_items: list[dict]):
    """(old, new) per id, in the old order then the added ones; None on the side it lacks."""
    old_by_id = {item["id"]: item for item in old_items}
    new_by_id = {item["id"]: item for item in new_items}
    for item_id in list(old_by_id) + [i for i in new_by_id if i not in old_by_id]:
        yield old_by_id.get(item_id), new_by_id.get(item_id)


def _items_diff(old_items: list[dict], new_items: list[dict], label_key: str) -> list[dict]:
    changes = []
    for old, new in _pairs(old_items, new_items):
        if old is None:
            changes.append({"kind": "added", "label": new[label_key], "fields": _field_changes({}, new)})
        elif new is None:
            changes.append({"kind": "removed", "label": old[label_key], "fields": []})
        elif fields := _field_changes(old, new):
            changes.append({"kind": "changed", "label": new[label_key], "fields": fields})
    return changes


def _goal_diff(old: dict | None, new: dict | None) -> dict | None:
    """What changed in one goal: None when nothing did."""
    if new is None:
        return {"kind": "removed", "title": old["title"], "theme": old["theme"], "fields": []}
    kind = "added" if old is None else "changed"
    old = old or {"actions": [], "indicators": []}
    change = {
        "kind": kind,
        "title": new["title"],
        "theme": new["theme"],
        "fields": _field_changes(old, new),
        "actions": _items_diff(old["actions"], new["actions"], "what"),
        "indicators": _items_diff(old["indicators"], new["indicators"], "name"),
    }
    if kind == "changed" and not (change["fields"] or change["actions"] or change["indicators"]):
        return None
    return change


def plan_diff(old: dict, new: dict) -> dict:
    """What changed between two snapshots: plan fields, and per goal its own fields, actions
    and indicators. Goals without any change are left out."""
    goals = [_goal_diff(a, b) for a, b in _pairs(old.get("goals", []), new.get("goals", []))]
    return {
        "plan": _field_changes(
            {k: v for k, v in old.items() if k != "goals"},
            {k: v for k, v in new.items() if k != "goals"},
            skip=(),
        ),
        "goals": [{"actions": [], "indicators": [], **goal} for goal in goals if goal is not None],
    }


# Labels -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SnapshotLabels:
    """Code -> label for what a snapshot stores as codes (one query). The codes of rows deleted
    since are shown as they are."""

    themes: dict  # code -> MissionTheme
    aims: dict  # code -> SextupleAim, in their order
    zones: dict  # code -> name
    partners: dict  # code -> label
    organisations: dict  # partner organisation code -> name
    complexity: dict  # complexity level code -> label

    @property
    def delivery(self) -> dict:
        return dict(GoalDelivery.choices)

    @property
    def directions(self) -> dict:
        return dict(IndicatorDirectionGoal.choices)

    def theme_label(self, code) -> str:
        theme = self.themes.get(code)
        return theme.label if theme else code


#: The tables a snapshot names by code: (kind, model, whether it has an English name and a number).
_LABELLED = [
    ("themes", MissionTheme, True, True),
    ("aims", SextupleAim, True, True),
    ("zones", RegionalCareZone, False, False),
    ("partners", PartnerType, True, False),
    ("organisations", PartnerOrganisation, False, False),
    ("complexity", ComplexityLevel, True, False),
]


def snapshot_labels() -> SnapshotLabels:
    """The labels of every table a snapshot names, read as the rows (kind, code, name, English
    name, number) of one UNION ALL query."""
    parts = [
        model.objects.order_by()
        .annotate(
            label_table=Value(kind),
            label_en=F("name_en") if bilingual else Value(""),
            label_number=F("number") if numbered else Value(None, output_field=IntegerField()),
        )
        .values_list("label_table", "code", "name", "label_en", "label_number")
        for kind, model, bilingual, numbered in _LABELLED
    ]
    found = {kind: [] for kind, *_rest in _LABELLED}
    for kind, code, name, english, number in parts[0].union(*parts[1:], all=True):
        found[kind].append((code, name, english, number))
    themes = [MissionTheme(code=c, name=n, name_en=e, number=number) for c, n, e, number in found["themes"]]
    aims = [SextupleAim(code=c, name=n, name_en=e, number=number) for c, n, e, number in found["aims"]]
    return SnapshotLabels(
        themes={theme.code: theme for theme in themes},
        aims={aim.code: aim for aim in sorted(aims, key=lambda aim: aim.number)},
        zones={code: name for code, name, _english, _number in found["zones"]},
        partners={c: PartnerType(name=n, name_en=e).label for c, n, e, _number in found["partners"]},
        organisations={code: name for code, name, _english, _number in found["organisations"]},
        complexity={c: ComplexityLevel(name=n, name_en=e).label for c, n, e, _number in found["complexity"]},
    )


def _field_labels() -> dict:
    return {
        "summary": _("Summary"),
        "stakeholders": _("Stakeholders"),
        "network": _("Network"),
        "period": _("Planning period"),
        "theme": _("Theme"),
        "title": _("Goal"),
        "description": _("Description"),
        "aims": _("Sextuple aims"),
        "target_zones": _("Target zones"),
        "delivery_mode": _("Delivery"),
        "first_line_role": _("Role of the first line"),
        "complexity_levels": _("Complexity levels"),
        "what": _("Action"),
        "partners": _("Partners"),
        "partners_note": _("Partners (names)"),
        "partner_organisations": _("Partner organisations"),
        "responsible": _("Responsible"),
        "start": _("Start"),
        "end": _("End"),
        "name": _("Indicator"),
        "unit": _("Unit"),
        "baseline_value": _("Baseline value"),
        "baseline_year": _("Baseline year"),
        "direction": _("Direction"),
        "targets": _("Targets"),
    }


#: The fields of a plan's snapshot that say whose and which plan it is.
IDENTITY = ("network", "period")


def readable_diff(diff: dict) -> dict:
    """The diff with field names and codes in the user's language: labels for fields, names
    for themes, aims, zones and partners, and targets as "2027: 12"."""
    labels = snapshot_labels()
    names = {
        "theme": {code: theme.label for code, theme in labels.themes.items()},
        "aims": {code: aim.label for code, aim in labels.aims.items()},
        "target_zones": labels.zones,
        "partners": labels.partners,
        "partner_organisations": labels.organisations,
        "delivery_mode": labels.delivery,
        "direction": labels.directions,
        "first_line_role": dict(FirstLineRole.choices),
        "complexity_levels": labels.complexity,
    }
    field_labels = _field_labels()
    kinds = {"added": _("added"), "removed": _("removed"), "changed": _("changed")}

    def show(field, value):
        if value in (None, "", [], {}):
            return "–"
        if field == "period" and isinstance(value, list):
            return "–".join(str(year) for year in value)  # "2027–2028", as the period's span
        if isinstance(value, dict):
            return ", ".join(f"{year}: {target}" for year, target in sorted(value.items()))
        if isinstance(value, list):
            return ", ".join(str(names.get(field, {}).get(v, v)) for v in value)
        return str(names.get(field, {}).get(value, value))

    def fields(items):
        return [(field_labels.get(f, f), show(f, before), show(f, after)) for f, before, after in items]

    def items(changes):
        return [
            {**item, "kind_label": kinds[item["kind"]], "fields": fields(item["fields"])} for item in changes
        ]

    goals = [
        {
            **goal,
            "theme_label": labels.theme_label(goal["theme"]),
            "fields": fields(goal["fields"]),
            "actions": items(goal["actions"]),
            "indicators": items(goal["indicators"]),
        }
        for goal in diff["goals"]
    ]
    # The plan's network and period are who and when, not content: a first version (compared
    # with nothing) does not list them as added.
    plan = [item for item in diff["plan"] if not (item[0] in IDENTITY and item[1] in (None, "", []))]
    return {"plan": fields(plan), "goals": goals}
