"""Generated, fictional data at a chosen scale, built deterministically from a seed.

`generate_data(scale=1|10, seed=42)` loads the real reference data (geography, themes, legacy
organisations, action lines) and adds fictional networks on top of it: at scale 1 about
eighteen networks covering the sixteen zones, at scale 10 ten times as many (a zone then
changes network every year, so that pages, reports and imports meet ten times the networks,
plans, indicator values and progress). `build_world(shape, seed)` does the fictional part on
whatever geography the database holds, so the tests grow a small factory world with it.

Everything made here says it is generated and fictional ("gegenereerd, fictief", `is_demo`).
Rows are written with bulk_create (no model validation): the generator writes consistent data
itself and stays fast at scale 10. Each generated record of a model with a history gets one
history row, by nobody, with the reason "Gegenereerd (fictief)", holding the record as generated.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from itertools import cycle

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from missions import models as missions
from missions.selectors.plans import plan_detail_queryset
from missions.selectors.versions import plan_snapshot
from networks.groups import STAFF_GROUP, sync_groups
from networks.models import (
    ActorKind,
    LegacyOrganisation,
    Network,
    NetworkRole,
    NetworkStatusChange,
    Person,
    ProgressReportRule,
    RecognitionStatus,
    RegionalCareZone,
    RegionalCareZoneMembership,
    ServiceArea,
)
from npz_registry.models import Certainty
from transition import models as transition

GENERATED = "Gegenereerd (fictief)"
PASSWORD = "npz-demo"
FIRST_DAY = datetime.date(2027, 1, 1)
#: The demo accounts (a contract: README "Demo accounts"), and the network each coordinates.
ACCOUNTS = [("admin", "superuser"), ("staff", "staff"), ("coordinator.a", 0), ("coordinator.b", 1)]
PILOT = (2022, 2026, "Proefperiode 2022–2026 (gegenereerd)")
CURRENT = (2027, 2028, "Verkort meerjarenplan 2027–2028 (gegenereerd)")
MERGER_PATH = [
    (transition.MergerStatus.LETTER_OF_INTENT, datetime.date(2025, 9, 15)),
    (transition.MergerStatus.STATUTES_ADAPTED, datetime.date(2026, 4, 1)),
    (transition.MergerStatus.RECOGNITION_REQUESTED, datetime.date(2026, 10, 1)),
    (transition.MergerStatus.RECOGNISED, FIRST_DAY),
]
PLAN_STATUSES = [
    missions.SubmissionStatus.DRAFT,
    missions.SubmissionStatus.SUBMITTED,
    missions.SubmissionStatus.IN_REVIEW,
    missions.SubmissionStatus.CHANGES_REQUESTED,
    missions.SubmissionStatus.APPROVED,
]


@dataclass(frozen=True)
class Shape:
    """How much to make. Scale 1 is realistic for Flanders; scale 10 multiplies the networks,
    plans, indicator values, progress, funding and activity by ten."""

    networks: int
    goals: int = 10
    actions: int = 5
    indicators: int = 3
    progress_years: int = 5
    indicator_codes: int = 4
    value_years: int = 5
    action_line_updates: int = 5


SCALES = {
    1: Shape(networks=18),
    10: Shape(networks=180, indicator_codes=40, action_line_updates=50),
}


def generate_data(*, scale: int, seed: int = 42) -> dict[str, int]:
    """The real reference data plus the generated world of `scale`; returns counts per table."""
    from npz_registry.reference_data import load_reference_data

    load_reference_data()
    return build_world(SCALES[scale], seed=seed)


def is_fresh_database() -> bool:
    """Nothing but reference data yet: no users, networks, plans, values or funding."""
    return not any(
        model.objects.exists()
        for model in (
            get_user_model(),
            Network,
            missions.MultiYearPlan,
            missions.IndicatorValue,
            transition.Funding,
        )
    )


@transaction.atomic
def build_world(shape: Shape, *, seed: int = 42) -> dict[str, int]:
    """Fictional networks with their zones, people, plans, progress, mergers, funding, activity,
    intensity and indicator values on the geography in the database."""
    world = _World(shape, random.Random(seed))
    world.networks_and_people()
    world.mergers()
    world.funding_and_activity()
    world.partner_organisations()
    world.intensities()
    world.plans()
    world.indicator_values()
    world.action_line_updates()
    world.back_office_records()
    return world.counts


class _World:
    def __init__(self, shape: Shape, rng: random.Random):
        self.shape, self.rng, self.counts = shape, rng, {}
        self.zones = list(RegionalCareZone.objects.order_by("code"))
        self.themes = list(missions.MissionTheme.objects.core().order_by("number"))
        self.aims = list(missions.SextupleAim.objects.order_by("number"))
        self.partner_types = list(missions.PartnerType.objects.order_by("order", "code"))
        self.municipalities_by_zone = {zone.pk: [] for zone in self.zones}
        for membership in RegionalCareZoneMembership.objects.order_by("municipality__nis_code"):
            self.municipalities_by_zone[membership.zone_id].append(membership.municipality_id)

    def save(self, model, rows):
        """Insert `rows` in batches; models with a change history get their creation recorded."""
        if hasattr(model, "history"):
            created = bulk_create_with_history(rows, model, batch_size=500, default_change_reason=GENERATED)
        else:
            created = model.objects.bulk_create(rows, batch_size=500)
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + len(created)
        return created

    def through(self, field, rows):
        return self.save(field.through, rows)

    def partner_type_each(self, field, rows):
        """One partner type, drawn at random, for each of `rows` (a many-to-many `field`)."""
        if not self.partner_types:
            return
        source, target = field.field.m2m_field_name() + "_id", field.field.m2m_reverse_field_name() + "_id"
        links = [
            field.through(**{source: row.pk, target: self.rng.choice(self.partner_types).pk}) for row in rows
        ]
        self.through(field, links)

    def partner_each(self, field, rows, network_of):
        """One partner organisation of the network's zone for each of `rows` (a many-to-many
        `field`); `network_of(row)` names the row's network id."""
        if not self.partners_by_zone:
            return
        source, target = field.field.m2m_field_name() + "_id", field.field.m2m_reverse_field_name() + "_id"
        links = []
        for row in rows:
            choices = self.partners_by_zone.get(self.zone_of[network_of(row)].pk) or self.unplaced_partners
            if choices:
                links.append(field.through(**{source: row.pk, target: self.rng.choice(choices).pk}))
        self.through(field, links)

    # Networks, service areas, status decisions, accounts ---------------------------------

    def networks_and_people(self):
        """Network i serves zone i mod zones; on a zone that has several networks, each serves
        one year after the other (the last one open-ended)."""
        per_zone = {}
        for index in range(self.shape.networks):
            per_zone.setdefault(index % len(self.zones), []).append(index)
        plans = []  # (index, zone, valid_from, valid_until)
        for zone_index, indexes in per_zone.items():
            for generation, index in enumerate(indexes):
                start = FIRST_DAY.replace(year=FIRST_DAY.year + generation)
                last = generation == len(indexes) - 1
                until = None if last else start.replace(month=12, day=31)
                plans.append((index, self.zones[zone_index], start, until, generation))
        plans.sort()
        self.networks = self.save(Network, [self._network(*plan) for plan in plans])
        self.zone_of = {network.pk: plan[1] for network, plan in zip(self.networks, plans, strict=True)}
        self.start_of = {network.pk: plan[2] for network, plan in zip(self.networks, plans, strict=True)}
        self.save(
            ServiceArea,
            [
                ServiceArea(
                    network=network, zone=plan[1], valid_from=plan[2], valid_until=plan[3], note=GENERATED
                )
                for network, plan in zip(self.networks, plans, strict=True)
            ],
        )
        changes = []
        for network in self.networks:
            changes.append(self._status(network, "", RecognitionStatus.CANDIDATE, datetime.date(2026, 1, 1)))
            changes.append(
                self._status(
                    network,
                    RecognitionStatus.CANDIDATE,
                    RecognitionStatus.RECOGNISED,
                    self.start_of[network.pk],
                )
            )
        self.save(NetworkStatusChange, changes)
        self._accounts()

    def _network(self, index, zone, start, until, generation):
        municipalities = self.municipalities_by_zone[zone.pk]
        return Network(
            code=f"gen-{zone.code}-{generation + 1}"[:60],
            name=f"Gegenereerd netwerk {zone.name} {generation + 1} (fictief)",
            short_name=f"Gen. {zone.name} {generation + 1}"[:80],
            seat_id=self.rng.choice(municipalities) if municipalities else None,
            address="Generatorstraat 1 (fictief)",
            email=f"netwerk{index + 1}@generated.invalid",
            phone="+32 0 000 00 00 (fictief)",
            is_demo=True,
            notes=f"{GENERATED}: geen echte organisatie.",
            status=RecognitionStatus.RECOGNISED,  # as the decisions written next say
        )

    @staticmethod
    def _status(network, before, after, day):
        return NetworkStatusChange(
            network=network, from_status=before, to_status=after, effective_date=day, note=GENERATED
        )

    def _accounts(self):
        sync_groups()
        User = get_user_model()
        password = make_password(PASSWORD)  # hashed once: every generated account shares it
        users = [
            User(
                username=name,
                first_name="Gegenereerd",
                last_name=name,
                email=f"{name}@generated.invalid",
                password=password,
                is_staff=role in ("superuser", "staff"),
                is_superuser=role == "superuser",
            )
            for name, role in ACCOUNTS
        ]
        users += [
            User(
                username=f"coordinator.{network.code}",
                first_name="Gegenereerd",
                last_name=f"coördinator {network.code}",
                email=f"coordinator.{network.code}@generated.invalid",
                password=password,
            )
            for network in self.networks
        ]
        users = self.save(User, users)
        # The one record of each person's name and e-mail (networks.models.Person).
        self.save(
            Person,
            [Person(user=u, first_name=u.first_name, last_name=u.last_name, email=u.email) for u in users],
        )
        self.staff_user = users[1]
        User.groups.through.objects.create(user=users[1], group=Group.objects.get(name=STAFF_GROUP))
        roles = [
            NetworkRole(user=users[len(ACCOUNTS) + i], network=self.networks[i])
            for i in range(len(self.networks))
        ]
        roles += [
            NetworkRole(user=users[ACCOUNTS.index((name, index))], network=self.networks[index])
            for name, index in ACCOUNTS
            if isinstance(index, int) and index < len(self.networks)
        ]
        self.save(NetworkRole, roles)
        self.coordinator_of = {role.network_id: role.user for role in roles[: len(self.networks)]}

    # Mergers and milestones ---------------------------------------------------------------

    @staticmethod
    def _merger_stages(index: int) -> int:
        """Every fourth merger stops one stage earlier; the first network's one is recognised."""
        return len(MERGER_PATH) - index % len(MERGER_PATH)

    def mergers(self):
        mergers = self.save(
            transition.Merger,
            [
                transition.Merger(
                    network=network,
                    planned_date=self.start_of[network.pk],
                    notes=GENERATED,
                    status=MERGER_PATH[self._merger_stages(index) - 1][0],  # as its decisions say
                )
                for index, network in enumerate(self.networks)
            ],
        )
        legacy = list(
            LegacyOrganisation.objects.prefetch_related("derived_regional_care_zones").order_by("code")
        )
        participants, targets, changes, milestones = [], [], [], []
        for index, (merger, network) in enumerate(zip(mergers, self.networks, strict=True)):
            zone = self.zone_of[network.pk]
            targets.append(
                transition.Merger.target_zones.through(merger_id=merger.pk, regionalcarezone_id=zone.pk)
            )
            if (
                self.start_of[network.pk] == FIRST_DAY
            ):  # the first network of a zone takes over its organisations
                for organisation in legacy:
                    if zone in organisation.derived_regional_care_zones.all():
                        participants.append(
                            transition.Merger.participants.through(
                                merger_id=merger.pk, legacyorganisation_id=organisation.pk
                            )
                        )
            stages = self._merger_stages(index)
            before = transition.MergerStatus.EXPLORING
            for status, day in MERGER_PATH[:stages]:
                changes.append(
                    transition.MergerStatusChange(
                        merger=merger,
                        from_status=before,
                        to_status=status,
                        effective_date=day,
                        note=GENERATED,
                    )
                )
                before = status
            milestones += self._milestones(merger, stages)
        self.through(transition.Merger.target_zones, targets)
        self.through(transition.Merger.participants, participants)
        self.save(transition.MergerStatusChange, changes)
        self.save(transition.Milestone, milestones)
        self._successors(mergers, participants, legacy)

    @staticmethod
    def _successors(mergers, participants, legacy):
        """A recognised merger makes its network the successor of its organisations (the first
        recognised merger an organisation takes part in wins)."""
        network_of = {m.pk: m.network_id for m in mergers if m.status == transition.MergerStatus.RECOGNISED}
        successors = {}
        for row in participants:
            if row.merger_id in network_of:
                successors.setdefault(row.legacyorganisation_id, network_of[row.merger_id])
        changed = [o for o in legacy if o.pk in successors and o.successor_id is None]
        for organisation in changed:
            organisation.successor_id, organisation.merger_date = successors[organisation.pk], FIRST_DAY
        bulk_update_with_history(
            changed, LegacyOrganisation, ["successor", "merger_date"], default_change_reason=GENERATED
        )

    def _milestones(self, merger, stages):
        kinds = [
            transition.Milestone.Kind.STATUTES,
            transition.Milestone.Kind.GOVERNANCE,
            transition.Milestone.Kind.RECOGNITION_APPLICATION,
            transition.Milestone.Kind.STAFF_TRANSFER,
        ]
        rows = []
        for number, kind in enumerate(kinds):
            due = datetime.date(2026, 3 + 3 * number, 28)
            done = number < stages - 1 or self.rng.random() < 0.3
            rows.append(
                transition.Milestone(
                    merger=merger,
                    kind=kind,
                    title=f"{kind.label} (gegenereerd)",
                    due_date=due,
                    completed_on=due - datetime.timedelta(days=self.rng.randint(1, 30)) if done else None,
                    note=GENERATED,
                )
            )
        return rows

    # Funding, activity and intensity ------------------------------------------------------

    def funding_and_activity(self):
        """Amounts per network, year and kind, and guided patients per municipality and year."""
        funding, activity = [], []
        for network in self.networks:
            base = Decimal(self.rng.randrange(600_000, 1_200_000, 1_000))
            for year in range(2027, 2032):
                for kind, share in (
                    (transition.FundingKind.RECURRENT, 1),
                    (transition.FundingKind.FORFAIT, Decimal("0.3")),
                ):
                    funding.append(
                        transition.Funding(
                            actor_kind=ActorKind.NETWORK,
                            network=network,
                            year=year,
                            kind=kind,
                            amount=(base * share).quantize(Decimal("1")),
                            source_document=GENERATED,
                            certainty=Certainty.ASSUMED,
                            is_demo=True,
                        )
                    )
            for municipality_id in self.municipalities_by_zone[self.zone_of[network.pk].pk]:
                for year in range(2027 - self.shape.progress_years, 2027):
                    activity.append(
                        missions.ActivityCount(
                            actor_kind=ActorKind.NETWORK,
                            network=network,
                            municipality_id=municipality_id,
                            year=year,
                            count=self.rng.randint(0, 60),
                            source=GENERATED,
                        )
                    )
        for organisation in LegacyOrganisation.objects.order_by("code"):
            base = Decimal(self.rng.randrange(250_000, 450_000, 1_000))
            funding += [
                transition.Funding(
                    actor_kind=ActorKind.LEGACY,
                    legacy_organisation=organisation,
                    year=year,
                    kind=transition.FundingKind.RECURRENT,
                    amount=base,
                    source_document=GENERATED,
                    certainty=Certainty.ASSUMED,
                    is_demo=True,
                )
                for year in range(2023, 2027)
            ]
        self.save(transition.Funding, funding)
        self.save(missions.ActivityCount, activity)

    def partner_organisations(self):
        """Two fictional partner organisations per zone and one without a place."""
        self.partners_by_zone, self.unplaced_partners = {}, []
        if not self.partner_types:
            return
        rows = [
            missions.PartnerOrganisation(
                code=f"gegenereerd-{zone.code}-{number}"[:60],
                name=f"Gegenereerde partner {number} {zone.name} (demo)",
                partner_type=self.partner_types[number % len(self.partner_types)],
                regional_care_zone=zone,
                is_demo=True,
                source=GENERATED,
            )
            for zone in self.zones
            for number in (1, 2)
        ]
        rows.append(
            missions.PartnerOrganisation(
                code="gegenereerd-vlaanderen",
                name="Gegenereerde partner Vlaanderen (demo)",
                partner_type=self.partner_types[0],
                is_demo=True,
                source=GENERATED,
            )
        )
        for partner in self.save(missions.PartnerOrganisation, rows):
            if partner.regional_care_zone_id:
                self.partners_by_zone.setdefault(partner.regional_care_zone_id, []).append(partner)
            else:
                self.unplaced_partners.append(partner)

    def intensities(self):
        rows = [
            missions.RegionalIntensity(
                network=network,
                zone=self.zone_of[network.pk],
                theme=theme,
                level=self.rng.randint(1, 3),
                justification=f"{GENERATED}: afwijking van de suggestie.",
            )
            for network in self.networks
            for theme in self.themes
        ]
        rows = self.save(missions.RegionalIntensity, rows)
        self.partner_type_each(missions.RegionalIntensity.partner_types, rows)
        self.partner_each(missions.RegionalIntensity.partners, rows, lambda row: row.network_id)

    # Plans, versions, review and yearly progress ------------------------------------------

    def plans(self):
        """Per network an approved pilot plan with its yearly progress and a current plan; the
        current plans go round the statuses, so every stage of the review shows."""
        pilot = self._period(*PILOT)
        current = self._period(*CURRENT)
        rows = []
        for index, network in enumerate(self.networks):
            rows.append((network, pilot, missions.SubmissionStatus.APPROVED))
            rows.append((network, current, PLAN_STATUSES[index % len(PLAN_STATUSES)]))
        plans = self.save(
            missions.MultiYearPlan,
            [
                missions.MultiYearPlan(
                    network=network,
                    period=period,
                    status=status,
                    # Its one version (_versions_and_review) is the approved one.
                    approved_version=1 if status == missions.SubmissionStatus.APPROVED else None,
                    summary=f"{GENERATED}: regionale prioriteiten van {network.short_name}.",
                    stakeholders=f"{GENERATED}: zorgraden, huisartsenkringen, lokale besturen.",
                    created_by=self.coordinator_of.get(network.pk),
                )
                for network, period, status in rows
            ],
        )
        goals = self._goals(plans)
        self._actions_and_indicators(goals)
        self._versions_and_review(plans)
        self._progress([plan for plan in plans if plan.period_id == pilot.pk])

    def _period(self, start, end, name):
        period, _created = missions.PlanningPeriod.objects.get_or_create(
            start_year=start, end_year=end, defaults={"name": name, "note": GENERATED}
        )
        return period

    def _goals(self, plans):
        goals = self.save(
            missions.PlanGoal,
            [
                missions.PlanGoal(
                    plan=plan,
                    theme=theme,
                    title=f"Doel {number + 1}: {theme.name.lower()} (gegenereerd)",
                    description=GENERATED,
                )
                for plan in plans
                for number, theme in zip(range(self.shape.goals), cycle(self.themes))
            ],
        )
        plan_of = {plan.pk: plan for plan in plans}
        self.through(
            missions.PlanGoal.target_zones,
            [
                missions.PlanGoal.target_zones.through(
                    plangoal_id=goal.pk, regionalcarezone_id=self.zone_of[plan_of[goal.plan_id].network_id].pk
                )
                for goal in goals
            ],
        )
        self.through(
            missions.PlanGoal.aims,
            [
                missions.PlanGoal.aims.through(plangoal_id=goal.pk, sextupleaim_id=aim.pk)
                for goal in goals
                for aim in self.rng.sample(self.aims, min(2, len(self.aims)))
            ],
        )
        for goal in goals:
            goal.plan = plan_of[goal.plan_id]
        return goals

    def _actions_and_indicators(self, goals):
        actions, indicators = [], []
        for goal in goals:
            period = goal.plan.period
            for number in range(self.shape.actions):
                start = datetime.date(period.start_year, self.rng.randint(1, 12), 1)
                end = datetime.date(self.rng.randint(start.year, period.end_year), 12, 31)
                actions.append(
                    missions.PlanAction(
                        goal=goal,
                        what=f"Actie {number + 1} van {goal.title[:200]}",
                        partners_note=GENERATED,
                        responsible="Gegenereerde coördinator",
                        start=start,
                        end=end,
                    )
                )
            for number in range(self.shape.indicators):
                indicators.append(
                    missions.PlanIndicator(
                        goal=goal,
                        name=f"Indicator {number + 1} (gegenereerd)",
                        unit="aantal",
                        baseline_value=Decimal(self.rng.randint(10, 100)),
                        baseline_year=period.start_year - 1,
                    )
                )
        actions = self.save(missions.PlanAction, actions)
        indicators = self.save(missions.PlanIndicator, indicators)
        self.partner_type_each(missions.PlanAction.partner_types, actions)
        self.partner_each(missions.PlanAction.partners, actions, lambda action: action.goal.plan.network_id)
        self.save(
            missions.IndicatorTarget,
            [
                missions.IndicatorTarget(
                    indicator=indicator, year=year, value=indicator.baseline_value + 5 * step
                )
                for indicator in indicators
                for step, year in enumerate(indicator.goal.plan.period.years, start=1)
            ],
        )

    def _versions_and_review(self, plans):
        """A frozen version and the review events for every plan past its draft, a reviewer's
        comment on those under review."""
        submitted = [plan for plan in plans if plan.status != missions.SubmissionStatus.DRAFT]
        frozen = plan_detail_queryset().filter(pk__in=[plan.pk for plan in submitted])
        versions = []
        for plan in frozen:
            content = plan_snapshot(plan)
            versions.append(
                missions.PlanVersion(
                    plan=plan,
                    number=1,
                    submitted_by=self.coordinator_of.get(plan.network_id),
                    content=content,
                    content_hash=missions.PlanVersion.hash_of(content),
                    reason=GENERATED,
                )
            )
        self.save(missions.PlanVersion, versions)
        events, comments = [], []
        for plan in submitted:
            events += self._events(plan.status, plan=plan, version_number=1)
            if plan.status in (
                missions.SubmissionStatus.IN_REVIEW,
                missions.SubmissionStatus.CHANGES_REQUESTED,
            ):
                comments.append(
                    missions.ReviewComment(
                        plan=plan,
                        author=self.staff_user,
                        text=f"{GENERATED}: maak de streefwaarden per zone concreet.",
                        version_number=1,
                    )
                )
        self.save(missions.ReviewEvent, events)
        self.save(missions.ReviewComment, comments)

    def _events(self, status, **subject):
        """The review events that lead from a draft to `status`."""
        path = [missions.SubmissionStatus.SUBMITTED]
        if status != missions.SubmissionStatus.SUBMITTED:
            path.append(missions.SubmissionStatus.IN_REVIEW)
        if status in (missions.SubmissionStatus.CHANGES_REQUESTED, missions.SubmissionStatus.APPROVED):
            path.append(status)
        events, before = [], missions.SubmissionStatus.DRAFT
        for step in path:
            by = self.staff_user if step != missions.SubmissionStatus.SUBMITTED else None
            events.append(
                missions.ReviewEvent(from_status=before, to_status=step, by=by, comment=GENERATED, **subject)
            )
            before = step
        return events

    def _progress(self, plans):
        """Yearly progress on the approved pilot plans: all approved but the last, submitted."""
        reports = []
        for plan in plans:
            years = plan.period.years[: self.shape.progress_years]
            for year in years:
                status = (
                    missions.SubmissionStatus.SUBMITTED
                    if year == years[-1]
                    else missions.SubmissionStatus.APPROVED
                )
                reports.append(
                    missions.YearlyProgress(
                        plan=plan, year=year, status=status, narrative=f"{GENERATED}: voortgang {year}."
                    )
                )
        reports = self.save(missions.YearlyProgress, reports)
        goals = missions.PlanGoal.objects.filter(plan__in=plans).prefetch_related("actions", "indicators")
        by_plan = {}
        for goal in goals:
            by_plan.setdefault(goal.plan_id, []).append(goal)
        indicator_rows, action_rows, events = [], [], []
        statuses = cycle(missions.ActionStatus.values)
        for report in reports:
            for goal in by_plan.get(report.plan_id, []):
                for indicator in goal.indicators.all():
                    actual = indicator.baseline_value + self.rng.randint(-5, 15)
                    indicator_rows.append(
                        missions.IndicatorProgress(progress=report, indicator=indicator, actual=actual)
                    )
                for action in goal.actions.all():
                    action_rows.append(
                        missions.ActionProgress(progress=report, action=action, status=next(statuses))
                    )
            events += self._events(report.status, progress=report)
        self.save(missions.IndicatorProgress, indicator_rows)
        self.save(missions.ActionProgress, action_rows)
        self.save(missions.ReviewEvent, events)

    # Indicator values and action line updates ---------------------------------------------

    def indicator_values(self):
        """Imported indicators alternate between municipality and zone level; one value per
        area and year."""
        indicators = self.save(
            missions.Indicator,
            [
                missions.Indicator(
                    code=f"gen-indicator-{number + 1}",
                    name=f"Gegenereerde indicator {number + 1} (fictief)",
                    name_en=f"Generated indicator {number + 1} (fictional)",
                    unit="index",
                    direction=missions.IndicatorDirection.MORE_NEED
                    if number % 3
                    else missions.IndicatorDirection.LESS_NEED,
                    level=missions.IndicatorLevel.MUNICIPALITY
                    if number % 2 == 0
                    else missions.IndicatorLevel.ZONE,
                    weight=Decimal(number % 3),
                    weight_source=GENERATED,
                    source=GENERATED,
                )
                for number in range(self.shape.indicator_codes)
            ],
        )
        municipalities = sorted({m for ids in self.municipalities_by_zone.values() for m in ids})
        years = range(2026 - self.shape.value_years, 2026)
        values = []
        for indicator in indicators:
            if indicator.level == missions.IndicatorLevel.MUNICIPALITY:
                areas = [{"municipality_id": pk} for pk in municipalities]
            else:
                areas = [{"zone_id": zone.pk} for zone in self.zones]
            for area in areas:
                for year in years:
                    value = Decimal(self.rng.randint(0, 100_000)) / 1000
                    values.append(
                        missions.IndicatorValue(
                            indicator=indicator, year=year, value=value, source=GENERATED, **area
                        )
                    )
        self.save(missions.IndicatorValue, values)

    def action_line_updates(self):
        lines = list(transition.ActionLine.objects.order_by("position"))
        rows = [
            transition.ActionLineUpdate(
                action_line=line,
                date=datetime.date(2024, 1, 1) + datetime.timedelta(days=7 * number),
                status=self.rng.choice(transition.ActionLineStatus.values),
                progress_note=f"{GENERATED}: stand van zaken {number + 1}.",
            )
            for line in lines
            for number in range(self.shape.action_line_updates)
        ]
        self.save(transition.ActionLineUpdate, rows)
        revisions = [
            transition.ActionLineRevision(
                action_line=line,
                stated_on="2025-07",
                stated_on_sort=datetime.date(2025, 7, 1),
                target_as_written=f"{GENERATED}: midden 2027",
                target_end="2027-mid",
                target_end_sort=datetime.date(2027, 7, 1),
            )
            for line in lines
        ]
        self.save(transition.ActionLineRevision, revisions)
        if not ProgressReportRule.objects.exists():
            ProgressReportRule.objects.create(
                applies_from_year=2024, due_month=3, due_day=31, source=GENERATED
            )
        self.care_council_periods()

    def care_council_periods(self):
        """A fictional policy period for every care council the reference data created."""
        from networks.models import CareCouncil, CareCouncilPolicyPeriod

        periods = [
            CareCouncilPolicyPeriod(council=council, start_year=2027, end_year=2031, source=GENERATED)
            for council in CareCouncil.objects.filter(policy_periods__isnull=True)
        ]
        self.save(CareCouncilPolicyPeriod, periods)

    # Back-office records: a login lockout and an import, so their admin pages have a sample ----

    def back_office_records(self):
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        from npz_registry.importexport.models import ImportJob, ImportJobStatus

        login = {"username": "coordinator.a", "ip_address": "127.0.0.1", "user_agent": GENERATED}
        self.save(AccessAttempt, [AccessAttempt(failures_since_start=1, path_info="/aanmelden/", **login)])
        self.save(AccessLog, [AccessLog(path_info="/aanmelden/", **login)])
        self.save(AccessFailureLog, [AccessFailureLog(path_info="/aanmelden/", locked_out=False, **login)])
        job = ImportJob(
            model_label="networks.municipality",
            resource="networks.resources.MunicipalityResource",
            file_name="gemeenten.csv",
            file_format="csv",
            status=ImportJobStatus.DONE,
            result={"totals": {}, "errors": []},
        )
        self.save(ImportJob, [job])
