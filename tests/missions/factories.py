"""Factories for the missions: themes, plans and progress reports in any state of their
lifecycle (``MultiYearPlanFactory(approved=True)``), with the versions and events the services write
(``record_history``, as for the demo data) without going through the pages."""

from decimal import Decimal

import factory

from missions.models import (
    ActionProgress,
    ActionStatus,
    IndicatorDirectionGoal,
    IndicatorProgress,
    IndicatorTarget,
    MissionTheme,
    MultiYearPlan,
    PartnerOrganisation,
    PartnerType,
    PlanAction,
    PlanGoal,
    PlanIndicator,
    PlanningPeriod,
    SubmissionStatus,
    YearlyProgress,
)
from missions.selectors import current_service_areas
from missions.services.demo_data import record_history
from tests.networks.factories import NetworkFactory

S = SubmissionStatus

CORE = [
    (1, "informeren", "Informeren en noden detecteren", "Informing and detecting needs"),
    (
        2,
        "zorg-en-ondersteuning",
        "Zorg organiseren en ondersteuning bieden",
        "Organising care and offering support",
    ),
    (3, "kwaliteit", "Kwaliteitsopvolging en -verbetering", "Quality monitoring and improvement"),
    (4, "expertise", "Expertisebevordering", "Promoting expertise"),
    (5, "verbinden-en-welzijn", "Verbinden en welzijn", "Connecting and well-being"),
]

#: The steps that lead to each status, as the workflow takes them.
PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: [S.SUBMITTED],
    S.IN_REVIEW: [S.SUBMITTED, S.IN_REVIEW],
    S.CHANGES_REQUESTED: [S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED],
    S.APPROVED: [S.SUBMITTED, S.IN_REVIEW, S.APPROVED],
}


def make_themes():
    """The five core themes plus theme 6 folded into theme 2, as the note has them."""
    themes = [
        MissionTheme.objects.get_or_create(number=n, defaults={"code": c, "name": nl, "name_en": en})[0]
        for n, c, nl, en in CORE
    ]
    MissionTheme.objects.get_or_create(
        number=6,
        defaults={
            "code": "zorg-coordineren",
            "name": "Zorg coördineren",
            "name_en": "Coordinating care",
            "folded_into": themes[1],
        },
    )
    return themes


class PartnerTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerType
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"partner-{n}")
    name = factory.Sequence(lambda n: f"Partner {n}")
    name_en = factory.Sequence(lambda n: f"Partner {n}")


class PartnerOrganisationFactory(factory.django.DjangoModelFactory):
    """A fictional partner without a place (it works all over Flanders) unless told otherwise."""

    class Meta:
        model = PartnerOrganisation

    code = factory.Sequence(lambda n: f"partnerorganisatie-{n}")
    name = factory.Sequence(lambda n: f"Voorbeeldpartner {n} (demo)")
    partner_type = factory.SubFactory(PartnerTypeFactory)
    is_demo = True


class PlanningPeriodFactory(factory.django.DjangoModelFactory):
    """The first, shortened period 2027–2028 unless told otherwise."""

    class Meta:
        model = PlanningPeriod
        django_get_or_create = ["start_year", "end_year"]

    start_year = 2027
    end_year = factory.LazyAttribute(lambda period: period.start_year + 1)
    name = factory.LazyAttribute(lambda period: f"{period.start_year}–{period.end_year}")
    is_shortened = True


class PlanGoalFactory(factory.django.DjangoModelFactory):
    """A goal of the plan's theme ``theme`` with one action and one indicator (baseline 10 in
    2025, targets 12 and 15 in the first two years of the period), for every zone the network
    serves."""

    class Meta:
        model = PlanGoal
        skip_postgeneration_save = True

    plan = factory.SubFactory("tests.missions.factories.MultiYearPlanFactory")
    theme = factory.LazyFunction(lambda: make_themes()[0])
    title = factory.LazyAttribute(lambda goal: f"Doel {goal.theme.code}")

    @factory.post_generation
    def target_zones(goal, create, extracted, **kwargs):
        zones = extracted if extracted is not None else current_service_areas([goal.plan.network_id])
        goal.target_zones.set([getattr(zone, "zone", zone) for zone in zones])

    @factory.post_generation
    def content(goal, create, extracted, **kwargs):
        if extracted is False:
            return
        PlanAction.objects.create(goal=goal, what=f"Actie {goal.theme.code}", responsible="Team")
        indicator = PlanIndicator.objects.create(
            goal=goal,
            name=f"Indicator {goal.theme.code}",
            direction=IndicatorDirectionGoal.INCREASE,
            baseline_value=Decimal(10),
            baseline_year=2025,
        )
        start = goal.plan.period.start_year
        for year, value in ((start, 12), (start + 1, 15)):  # one by one, each with its history row
            IndicatorTarget.objects.create(indicator=indicator, year=year, value=Decimal(value))


def lifecycle_params(ready: str):
    """A factory's ``Params``: the flag ``ready`` (what submitting asks is there) and a trait per
    status after the draft (``submitted``, ``in_review``, ``changes_requested``, ``approved``)
    that puts a ready document in that status."""
    traits = {
        status.lower(): factory.Trait(**{ready: True}, status=status) for status in S if status != S.DRAFT
    }
    return type("Params", (), {ready: False, **traits})


class MultiYearPlanFactory(factory.django.DjangoModelFactory):
    """A plan; ``complete=True`` gives it a goal per core theme (what submitting asks), and
    ``submitted``, ``in_review``, ``changes_requested`` or ``approved`` put a complete plan in
    that status with its versions and events (``coordinator`` and ``reviewer``: who acted)."""

    class Meta:
        model = MultiYearPlan
        skip_postgeneration_save = True

    network = factory.SubFactory(NetworkFactory)
    period = factory.SubFactory(PlanningPeriodFactory)
    summary = "Prioriteiten voor de regio"
    status = S.DRAFT

    Params = lifecycle_params("complete")

    goals = factory.Maybe(
        "complete",
        factory.PostGeneration(
            lambda plan, create, extracted, **kw: [PlanGoalFactory(plan=plan, theme=t) for t in make_themes()]
        ),
        factory.PostGeneration(lambda plan, create, extracted, **kw: None),
    )

    # Who submitted and who reviewed, for the history written next (default: nobody, "system").
    coordinator = factory.PostGeneration(
        lambda plan, create, extracted, **kw: setattr(plan, "_by", extracted)
    )
    reviewer = factory.PostGeneration(
        lambda plan, create, extracted, **kw: setattr(plan, "_reviewer", extracted)
    )

    @factory.post_generation
    def history(plan, create, extracted, **kwargs):
        record_history(plan, PATHS[plan.status], coordinator=plan._by, reviewer=plan._reviewer)


def _fill(progress) -> None:
    """An actual value of 12 for every indicator of the plan and every action on track."""
    for indicator in PlanIndicator.objects.filter(goal__plan=progress.plan):
        IndicatorProgress.objects.create(progress=progress, indicator=indicator, actual=Decimal(12))
    for action in PlanAction.objects.filter(goal__plan=progress.plan):
        ActionProgress.objects.create(progress=progress, action=action, status=ActionStatus.ON_TRACK)


class YearlyProgressFactory(factory.django.DjangoModelFactory):
    """A progress report on an approved plan; ``filled=True`` reports an actual value of 12 for
    every indicator and every action on track (what submitting asks); ``submitted``,
    ``in_review``, ``changes_requested`` and ``approved`` as for plans."""

    class Meta:
        model = YearlyProgress
        skip_postgeneration_save = True

    plan = factory.SubFactory(MultiYearPlanFactory, approved=True)
    year = factory.LazyAttribute(lambda progress: progress.plan.period.start_year)
    status = S.DRAFT

    Params = lifecycle_params("filled")

    narrative = factory.Maybe("filled", "Een goed jaar.", "")
    values = factory.Maybe(
        "filled",
        factory.PostGeneration(lambda progress, create, extracted, **kw: _fill(progress)),
        factory.PostGeneration(lambda progress, create, extracted, **kw: None),
    )

    history = factory.PostGeneration(
        lambda progress, create, extracted, **kwargs: record_history(
            progress, PATHS[progress.status], coordinator=None, reviewer=None
        )
    )
