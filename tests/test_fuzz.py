"""Fuzzing every form of the application with Hypothesis: no input gets anything but a form error
or a refusal from the service, never a server error.

Each form is fuzzed where the page uses it, without the page around it (fast): the form is bound
to generated data (long strings, unicode, control characters, huge and negative numbers, odd
dates, keys that do not exist or do not fit a column), validated, and valid data goes to the
service the page calls, in a transaction rolled back after each example. A few real POSTs per
form check that the pages answer the same way. The admin's change forms of our models are
fuzzed field by field (their text, number and date fields, through the admin's own form field
and the model field's validation).

The data is drawn from the form's own fields, so a field added to a form is fuzzed too.
Deterministic: `derandomize=True` and no deadline, so a run never differs from the one before.
"""

import contextlib
import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.test import RequestFactory
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from missions.forms import (
    ActionForm,
    CommentForm,
    GoalForm,
    IndicatorForm,
    IntensityForm,
    PlanCreateForm,
    PlanGeneralForm,
    ProgressForm,
    TransitionForm,
)
from missions.models import (
    MissionTheme,
    MultiYearPlan,
    PlanAction,
    PlanGoal,
    PlanIndicator,
    PlanningPeriod,
    SextupleAim,
)
from missions.selectors.partners import partners_for_network
from missions.selectors.plans import progress_parts
from missions.services import plans as plan_services
from missions.services.intensity import intensity_save
from missions.services.progress import progress_save
from missions.services.workflow import comment_add, transition_apply
from networks.models import LegacyOrganisation, Network, RegionalCareZone
from npz_registry.forms import AdminLoginForm, LoginForm
from tests.missions.factories import (
    MultiYearPlanFactory,
    PartnerOrganisationFactory,
    PartnerTypeFactory,
    PlanningPeriodFactory,
    YearlyProgressFactory,
    make_themes,
)
from tests.networks.factories import (
    CoordinatorFactory,
    MunicipalityFactory,
    NetworkFactory,
    RegionalCareZoneFactory,
    ServiceAreaFactory,
    StaffFactory,
)
from tests.snapshots import changed_tables, registry_snapshot
from transition.filters import FundingChangeFilter, LateMilestoneFilter, LegacyWithoutSuccessorFilter
from transition.models import Funding, Milestone

#: At least 200 examples per form, the same ones on every run.
FUZZ = settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

# What a browser (or an attacker) can send --------------------------------------------------------

HUGE = "99999999999999999999"
#: Any character a request can carry (a request decoded from UTF-8 never holds a lone surrogate).
ANY_CHARACTER = st.characters(exclude_categories=["Cs"])
ODD_TEXT = [
    "",
    " ",
    "\x00",
    "\r\n\t",
    "\x07\x1b[2J\x7f",
    "\u200b\ufeff\u202e",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x")',
    "🙂" * 3,
    "ﷺ𒐫",
]


def text_for(limit: int | None):
    """Short unicode, control characters, and strings around and far beyond the field's limit
    (made from one character: drawing them char by char would make the fuzzing slow)."""
    limit = limit or 5_000
    return st.one_of(
        st.text(ANY_CHARACTER, max_size=12),
        st.sampled_from(ODD_TEXT),
        st.builds(
            lambda n, c: c * n,
            st.sampled_from([limit - 1, limit, limit + 1, limit * 3, 100_000]),
            st.sampled_from(["x", "é", "🙂", "\x07", "\u200b"]),
        ),
    )


ODD_NUMBERS = [HUGE, "-" + HUGE, "1e400", "NaN", "Infinity", "-0", "0.001", "3.14159", "1E5", "0x1F", "1_000"]
NUMBER = st.one_of(
    st.integers(-1_000, 100_000).map(str),
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from([*ODD_NUMBERS, "١٢٣", " 7 ", "12,5", "9" * 5000, ""]),
    st.text(ANY_CHARACTER, max_size=6),
)
DATE = st.one_of(
    st.dates().map(datetime.date.isoformat),
    st.dates().map(lambda day: day.strftime("%d/%m/%Y")),
    st.sampled_from(
        ["2027-02-30", "0000-00-00", "0001-01-01", "9999-12-31", "99999-01-01", "-2027-01-01", "gisteren"]
    ),
)


def keys_of(queryset):
    return [str(pk) for pk in queryset.values_list("pk", flat=True)[:20]]


def value_for(field: forms.Field):
    """What may come in for one form field: mostly right-looking, often wrong."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return st.lists(st.one_of(st.sampled_from(keys_of(field.queryset) or [HUGE]), NUMBER), max_size=4)
    if isinstance(field, forms.ModelChoiceField):
        return st.one_of(st.sampled_from(keys_of(field.queryset) or [HUGE]), NUMBER)
    if isinstance(field, forms.ChoiceField):
        return st.one_of(st.sampled_from([str(value) for value, _label in field.choices] or [""]), NUMBER)
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return NUMBER
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return DATE
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", "", "true", "0", HUGE])
    return text_for(getattr(field, "max_length", None))


def plausible(field: forms.Field):
    """A value the field takes, so that examples often reach the service."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return keys_of(field.queryset)[:1]
    if isinstance(field, forms.ModelChoiceField):
        return (keys_of(field.queryset) or [""])[0]
    if isinstance(field, forms.ChoiceField):
        return next((str(value) for value, _label in field.choices if value not in ("", None)), "")
    if isinstance(field, forms.IntegerField | forms.DecimalField):
        return str(field.min_value if field.min_value is not None else 1)
    if isinstance(field, forms.DateField):
        return "2027-06-01"
    return "Tekst"


def data_for(form: forms.BaseForm, **given_values):
    """A strategy for the POST of `form`: every field may be missing, plausible or fuzzed;
    `given_values` replace a field's strategy (the version a form was opened at)."""
    strategies = {
        form.add_prefix(name): given_values[name]
        if name in given_values
        else st.one_of(st.just(plausible(field)), st.none(), value_for(field))
        for name, field in form.fields.items()
    }
    return st.fixed_dictionaries(strategies).map(as_post)


def as_post(values: dict) -> MultiValueDict:
    return MultiValueDict(
        {
            name: value if isinstance(value, list) else [value]
            for name, value in values.items()
            if value is not None
        }
    )


# The world the forms work on ---------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Testnetwerk A serving Kempen: a complete draft plan 2027–2028, a submitted plan 2029–2030 and
    a draft progress report on an approved plan 2022–2023. Built once, rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        themes = make_themes()
        for number in (1, 2):
            SextupleAim.objects.create(
                number=number, code=f"aim-{number}", name=f"Doel {number}", name_en="Aim"
            )
        PartnerTypeFactory.create_batch(2)
        network = NetworkFactory(code="test-a", name="Testnetwerk A")
        zone = RegionalCareZoneFactory(code="kempen", name="Kempen")
        ServiceAreaFactory(network=network, zone=zone, valid_from=datetime.date(2022, 1, 1))
        MunicipalityFactory(nis_code="13025", name="Mol", zone=zone)
        coordinator = CoordinatorFactory(username="coord.a", network=network)
        staff = StaffFactory(username="staff.test")
        draft = MultiYearPlanFactory(
            network=network, complete=True, period=PlanningPeriodFactory(start_year=2027)
        )
        submitted = MultiYearPlanFactory(
            network=network, submitted=True, period=PlanningPeriodFactory(start_year=2029)
        )
        progress = YearlyProgressFactory(
            plan=MultiYearPlanFactory(
                network=network, approved=True, period=PlanningPeriodFactory(start_year=2022)
            )
        )
        PlanningPeriodFactory(start_year=2031)  # a period without a plan, for a new one
        PartnerOrganisationFactory(regional_care_zone=zone)  # a partner the forms offer
        PartnerOrganisationFactory()  # one without a place, offered too
        goal = draft.goals.first()
        yield Sides(
            network=network,
            zone=zone,
            theme=themes[0],
            coordinator=coordinator,
            staff=staff,
            draft=draft,
            submitted=submitted,
            goal=goal,
            action=goal.actions.first(),
            indicator=goal.indicators.first(),
            progress=progress,
        )
        transaction.set_rollback(True)


@dataclass
class Sides:
    network: Network
    zone: RegionalCareZone
    theme: MissionTheme
    coordinator: Any
    staff: Any
    draft: MultiYearPlan
    submitted: MultiYearPlan
    goal: PlanGoal
    action: PlanAction
    indicator: PlanIndicator
    progress: Any
    cache: dict = field(default_factory=dict)


# One case per form: how the page builds it and what it does with valid data ------------------


@dataclass
class FormCase:
    build: Any  # (world, data) -> bound or unbound form
    save: Any  # (world, valid form) -> calls the service the page calls
    #: The version a form was opened at, as the page sends it (most examples reach the service).
    version: Any = None
    extra: dict = field(default_factory=dict)


VERSION_ONE = st.one_of(st.just("1"), NUMBER)


def partners(w):
    """The partners the page offers: built once per world (the form's field takes a copy of the
    queryset, so each example still reads them from the database)."""
    if "partners" not in w.cache:
        w.cache["partners"] = partners_for_network(w.network)
    return w.cache["partners"]


def goal_form(w, data):
    zones = RegionalCareZone.objects.filter(pk=w.zone.pk)
    return GoalForm(data, themes=MissionTheme.objects.core(), aims=SextupleAim.objects.all(), zones=zones)


def progress_form(w, data):
    parts = w.cache.get("parts") or w.cache.setdefault("parts", progress_parts(w.progress))
    return ProgressForm(
        data, indicators=parts.indicators, actions=parts.actions, municipalities=parts.municipalities
    )


def indicator_save(w, form):
    fields = {name: value for name, value in form.cleaned_data.items() if not name.startswith("target_")}
    plan_services.indicator_save(
        goal=w.goal, by=w.coordinator, indicator=w.indicator, targets=form.targets, **fields
    )


def intensity(w, form):
    intensity_save(
        network=w.network, zone=w.zone, theme=w.theme, suggested=2, by=w.coordinator, **form.cleaned_data
    )


CASES = {
    "intensity": FormCase(lambda w, data: IntensityForm(data, partners=partners(w)), intensity, VERSION_ONE),
    "plan-create": FormCase(
        lambda w, data: PlanCreateForm(
            data, periods=PlanningPeriod.objects.exclude(plans__network=w.network)
        ),
        lambda w, form: plan_services.plan_create(network=w.network, by=w.coordinator, **form.cleaned_data),
    ),
    "plan-general": FormCase(
        lambda w, data: PlanGeneralForm(data),
        lambda w, form: plan_services.plan_update(plan=w.draft, by=w.coordinator, **form.cleaned_data),
        VERSION_ONE,
    ),
    "goal": FormCase(
        goal_form,
        lambda w, form: plan_services.goal_save(
            plan=w.draft, by=w.coordinator, goal=w.goal, **form.cleaned_data
        ),
        VERSION_ONE,
    ),
    "action": FormCase(
        lambda w, data: ActionForm(data, partners=partners(w)),
        lambda w, form: plan_services.action_save(
            goal=w.goal, by=w.coordinator, action=w.action, **form.cleaned_data
        ),
        VERSION_ONE,
    ),
    "indicator": FormCase(
        lambda w, data: IndicatorForm(data, years=w.draft.period.years), indicator_save, VERSION_ONE
    ),
    "comment": FormCase(
        lambda w, data: CommentForm(data),
        lambda w, form: comment_add(subject=w.submitted, by=w.staff, text=form.cleaned_data["text"]),
    ),
    "transition": FormCase(
        lambda w, data: TransitionForm(data),
        lambda w, form: transition_apply(
            subject=w.submitted, name="request_changes", by=w.staff, comment=form.cleaned_data["comment"]
        ),
    ),
    "progress": FormCase(
        progress_form,
        lambda w, form: progress_save(progress=w.progress, by=w.coordinator, **form.report()),
        VERSION_ONE,
    ),
}


def in_rolled_back_transaction(call, *args) -> None:
    """Run a service as the page would; its refusals are answers, anything else fails the test."""
    with transaction.atomic():
        with contextlib.suppress(ValidationError, PermissionDenied):
            call(*args)
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("name", CASES)
def test_no_input_to_a_portal_form_gets_more_than_a_form_error_or_a_refusal(world, name):
    case = CASES[name]
    given_values = {"version": case.version} if case.version is not None else {}
    reached = []

    @FUZZ
    @given(data=data_for(case.build(world, None), **given_values))
    def check(data):
        form = case.build(world, data)
        if form.is_valid():
            reached.append(1)
            in_rolled_back_transaction(case.save, world, form)

    check()
    assert reached, "no example was valid: the fuzzing never reached the service"


# Filters of the staff tables and the login forms -----------------------------------------------

FILTERS = {
    "funding": lambda data: FundingChangeFilter(data, queryset=Funding.objects.all(), years=[2024, 2025]),
    "late-milestones": lambda data: LateMilestoneFilter(data, queryset=Milestone.objects.all()),
    "legacy-without-successor": lambda data: LegacyWithoutSuccessorFilter(
        data, queryset=LegacyOrganisation.objects.all()
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", FILTERS)
def test_no_filter_value_of_a_staff_table_breaks_its_query(world, name):
    build = FILTERS[name]

    @FUZZ
    @given(data=data_for(build(None).form))
    def check(data):
        table = build(data)
        table.is_valid()
        list(table.qs[:5])

    check()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "form_class", [LoginForm, AdminLoginForm, PasswordResetForm], ids=lambda c: c.__name__
)
def test_no_input_to_the_login_forms_gets_more_than_a_form_error(world, form_class):
    request = RequestFactory().post("/aanmelden/")

    @FUZZ
    @given(data=data_for(form_class()))
    def check(data):
        form = form_class(data) if form_class is PasswordResetForm else form_class(request, data)
        form.is_valid()

    check()


# The admin's change forms of our models ------------------------------------------------------

OUR_APPS = {"networks", "missions", "transition"}
FUZZED_ADMIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.DecimalField,
    models.DateField,
)


def admin_form_fields() -> list:
    """(admin label, form field, model field) for every text, number and date field an admin
    change form of our models shows."""
    request = RequestFactory().get("/admin/")
    request.user = type("Staff", (), {"is_active": True, "is_staff": True, "has_perm": lambda *a: True})()
    found = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in OUR_APPS:
            continue
        form = model_admin.get_form(request, obj=None)
        for name, form_field in form.base_fields.items():
            model_field = next((f for f in model._meta.fields if f.name == name), None)
            if isinstance(model_field, FUZZED_ADMIN_FIELDS) and not model_field.choices:
                found.append((model._meta.label, form_field, model_field))
    return found


#: One input for every field at once: a string, a number or a date as typed, or a string just
#: below, at or above each field's own maximum length.
ADMIN_INPUT = st.one_of(
    text_for(None),
    NUMBER,
    DATE,
    st.tuples(st.integers(-1, 1), st.sampled_from("xé🙂")),
)


def typed_into(form_field, recipe) -> str:
    if not isinstance(recipe, tuple):
        return recipe
    offset, character = recipe
    return character * ((getattr(form_field, "max_length", None) or 5_000) + offset)


@pytest.mark.django_db
def test_no_input_to_an_admin_change_form_of_our_models_gets_more_than_a_form_error():
    """Every example goes into every text, number and date field of every admin form of our
    models: at least 200 inputs per form, through the admin's form field and the model field."""
    fields = admin_form_fields()
    assert len({label for label, _form_field, _model_field in fields}) >= 20

    @FUZZ
    @given(recipe=ADMIN_INPUT)
    def check(recipe):
        for _label, form_field, model_field in fields:
            with contextlib.suppress(ValidationError):
                model_field.clean(form_field.clean(typed_into(form_field, recipe)), None)

    check()


# Out-of-range numbers, and a few real POSTs per form ----------------------------------------------


def plausible_post(form) -> dict:
    return {form.add_prefix(name): plausible(field) for name, field in form.fields.items()}


def choice_and_number_fields(form) -> list[str]:
    kinds = (forms.IntegerField, forms.DecimalField, forms.ChoiceField, forms.ModelChoiceField)
    return [name for name, field in form.fields.items() if isinstance(field, kinds)]


@pytest.mark.django_db
@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("number", [HUGE, "-" + HUGE])
def test_an_out_of_range_number_in_any_field_of_a_portal_form_is_a_form_error(world, name, number):
    """Numbers, choices and multiple choices of rows (goal zones, aims, partner types, a progress
    report's activity counts) all answer a form error on the field."""
    build = CASES[name].build
    fields = choice_and_number_fields(build(world, None))
    assert fields or name in ("plan-general", "comment", "transition")
    for field_name in fields:
        data = plausible_post(build(world, None))
        many = isinstance(build(world, None).fields[field_name], forms.ModelMultipleChoiceField)
        data[field_name] = [number] if many else number
        form = build(world, as_post(data))
        assert not form.is_valid() and field_name in form.errors, field_name


#: The page of each form: who opens it, and where.
PAGES = {
    "intensity": ("coordinator", "/netwerken/test-a/opdrachten/kempen/informeren/"),
    "plan-create": ("coordinator", "/portaal/netwerken/test-a/plannen/nieuw/"),
    "plan-general": ("coordinator", "/portaal/plannen/{draft}/algemeen/"),
    "goal": ("coordinator", "/portaal/plannen/{draft}/doelen/{goal}/"),
    "action": ("coordinator", "/portaal/plannen/{draft}/doelen/{goal}/acties/{action}/"),
    "indicator": ("coordinator", "/portaal/plannen/{draft}/doelen/{goal}/indicatoren/{indicator}/"),
    "comment": ("staff", "/portaal/plannen/{submitted}/commentaar/"),
    "transition": ("staff", "/portaal/plannen/{submitted}/wijzigingen-vragen/"),
    "progress": ("coordinator", "/portaal/voortgang/{progress}/"),
}


def page_of(world, name) -> tuple[Any, str]:
    role, path = PAGES[name]
    keys = {
        "draft": world.draft.pk,
        "goal": world.goal.pk,
        "action": world.action.pk,
        "indicator": world.indicator.pk,
        "submitted": world.submitted.pk,
        "progress": world.progress.pk,
    }
    return getattr(world, role), path.format(**keys)


def test_every_portal_form_has_its_page():
    assert set(PAGES) == set(CASES)


def bad_posts(form) -> list[dict]:
    """Every field at once: huge or negative numbers or an odd date, and text with a NUL byte or
    one character too long (control characters, unicode)."""
    numbers = set(choice_and_number_fields(form))
    posts = []
    for number, text in ((HUGE, "x\x00"), ("-" + HUGE, "\x07"), ("2027-02-30", "é")):
        post = {}
        for name, form_field in form.fields.items():
            too_long = text * ((getattr(form_field, "max_length", None) or 0) + 1)
            post[form.add_prefix(name)] = number if name in numbers else too_long
        posts.append(post)
    return posts


@pytest.mark.django_db
@pytest.mark.parametrize("name", CASES)
def test_a_page_answers_bad_posts_with_its_form_and_changes_nothing(client, world, name):
    user, path = page_of(world, name)
    client.force_login(user)
    before = registry_snapshot()
    for data in bad_posts(CASES[name].build(world, None)):
        response = client.post(path, data)
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 200:
            assert response.context["form"].errors
    assert changed_tables(before) == []


# A 2.4 MB text in any plan field -------------------------------------------------------------

MEGABYTES = "x" * 2_400_000

#: Every free-text field of a plan and its progress report, by the form (page) that asks for it.
PLAN_TEXT_FIELDS = [
    ("plan-general", "summary"),
    ("plan-general", "stakeholders"),
    ("goal", "title"),
    ("goal", "description"),
    ("action", "what"),
    ("action", "partners_note"),
    ("action", "responsible"),
    ("indicator", "name"),
    ("indicator", "unit"),
    ("progress", "narrative"),
    ("progress", "inote"),
    ("progress", "anote"),
    ("comment", "text"),
    ("transition", "comment"),
    ("intensity", "justification"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "field_name"), PLAN_TEXT_FIELDS)
def test_a_text_of_2_4_megabytes_in_any_plan_field_is_refused_with_a_form_error(
    client, world, name, field_name
):
    user, path = page_of(world, name)
    client.force_login(user)
    form = CASES[name].build(world, None)
    data = plausible_post(form) | {"version": "1"}
    target = next(key for key in form.fields if key == field_name or key.startswith(field_name + "_"))
    data[target] = MEGABYTES
    before = registry_snapshot()
    response = client.post(path, data, follow=False)
    assert changed_tables(before) == []
    if response.status_code == 200:  # an edit page: the form again, with the error on the field
        assert target in response.context["form"].errors
    else:  # a comment or a transition: back to the plan, with the error as a message
        assert response.status_code == 302
        shown = [str(message) for message in get_messages(response.wsgi_request)]
        assert any("2000" in message for message in shown), shown
