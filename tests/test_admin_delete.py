"""The back office's delete confirmation (npz_registry.admin.CountedDeleteMixin): the same kinds
and counts as Django's own collector, with many-to-many link rows read only when nothing blocks
the deletion."""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.utils import translation

from missions.models import SextupleAim
from tests.missions.factories import (
    PartnerOrganisationFactory,
    PartnerTypeFactory,
    PlanGoalFactory,
)
from tests.networks.factories import StaffFactory

pytestmark = pytest.mark.django_db


def _django_counts(obj) -> dict:
    collector = NestedObjects(using="default")
    collector.collect([obj])
    return {model._meta.verbose_name_plural: len(rows) for model, rows in collector.model_objs.items()}


def test_a_deletion_that_goes_ahead_counts_the_link_rows_as_django_does(admin_user):
    group = Group.objects.create(name="Tijdelijke groep")
    for user in StaffFactory.create_batch(2):
        user.groups.add(group)
    request = RequestFactory().get("/")
    request.user = admin_user

    _rows, counts, perms_needed, protected = admin.site.get_model_admin(Group).get_deleted_objects(
        [group], request
    )

    assert not perms_needed and not protected
    assert counts == _django_counts(group)
    assert sum(counts.values()) == 3  # the group and its two links to users
    with translation.override("en"):
        lines = admin.site.get_model_admin(Group).get_deleted_objects([group], request)[0]
        assert lines[-1] == "and 2 related rows, counted per kind above"
        group.user_set.remove(group.user_set.first())
        lines = admin.site.get_model_admin(Group).get_deleted_objects([group], request)[0]
        assert lines[-1] == "and 1 related row, counted per kind above"


@pytest.mark.parametrize("kind", ["aim", "complexity", "partner_type", "partner"])
def test_a_label_that_plans_use_stays_so_approved_plans_keep_their_content(admin_client, kind):
    """An aim, a complexity level, a partner type or a partner organisation on a goal or action
    (a many-to-many link): deleting it would change submitted and approved plans without a
    trace. The delete page keeps it with the reason; an unused one goes."""
    from missions.models import ComplexityLevel

    goal = PlanGoalFactory()
    action = goal.actions.get()  # the factory's one action
    make = {
        "aim": lambda n: SextupleAim.objects.create(number=n, code=f"aim-{n}", name=f"Doel {n}", name_en="A"),
        "complexity": lambda n: ComplexityLevel.objects.create(code=f"c-{n}", order=n, name=f"Niveau {n}"),
        "partner_type": lambda n: PartnerTypeFactory(code=f"t-{n}"),
        "partner": lambda n: PartnerOrganisationFactory(code=f"p-{n}"),
    }[kind]
    used, unused = make(1), make(2)
    {"aim": goal.aims, "complexity": goal.complexity_levels, "partner_type": action.partner_types,
     "partner": action.partners}[kind].add(used)  # fmt: skip

    for obj, kept in ((used, True), (unused, False)):
        url = f"/admin/missions/{obj._meta.model_name}/{obj.pk}/delete/"
        page = admin_client.get(url).content.decode()
        assert ("goedgekeurde plannen" in page) == kept
        admin_client.post(url, {"post": "yes"})
        assert type(obj).objects.filter(pk=obj.pk).exists() == kept


def test_a_built_in_indicator_and_a_municipality_in_a_zone_stay_with_the_reason(admin_client):
    """The needs index reads the built-in indicators, and the zones' populations their
    municipalities: the delete page lists them as protected, and a post deletes nothing. A
    municipality outside every zone goes, with its figures."""
    from missions.models import Indicator
    from missions.models.indicators import BuiltinIndicator
    from networks.models import Municipality, MunicipalityFigures
    from tests.networks.factories import (
        MunicipalityFactory,
        RegionalCareZoneFactory,
        RegionalCareZoneMembershipFactory,
    )

    builtin = Indicator.objects.create(
        code="aandeel-65", name="Aandeel 65-plussers", builtin=BuiltinIndicator.SHARE_65_PLUS
    )
    own = Indicator.objects.create(code="eigen", name="Eigen indicator")
    member = MunicipalityFactory(nis_code="13025", name="Mol")
    RegionalCareZoneMembershipFactory(municipality=member, zone=RegionalCareZoneFactory())
    counted = MunicipalityFactory(nis_code="13001", name="Geel")
    MunicipalityFigures.objects.create(municipality=counted, year=2024, population=41000)
    loose = MunicipalityFactory(nis_code="99999", name="Nergens")

    for obj, kept in ((builtin, True), (own, False), (member, True), (counted, False), (loose, False)):
        url = f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/delete/"
        page = admin_client.get(url).content.decode()
        assert ("needs index" in page or "noodindex" in page) == kept
        admin_client.post(url, {"post": "yes"})
        assert type(obj).objects.filter(pk=obj.pk).exists() == kept
    assert Municipality.objects.filter(pk=member.pk).exists()


def test_a_municipality_merged_away_stays_for_the_history_and_is_told_so(admin_client):
    """A municipality whose memberships all ended (merged into another) cannot follow the usual
    advice to end them: its delete page says it stays for the history instead."""
    import datetime

    from tests.networks.factories import (
        MunicipalityFactory,
        RegionalCareZoneFactory,
        RegionalCareZoneMembershipFactory,
    )

    zone = RegionalCareZoneFactory()
    merged = MunicipalityFactory(nis_code="44001", name="Oude gemeente")
    RegionalCareZoneMembershipFactory(
        municipality=merged,
        zone=zone,
        valid_from=datetime.date(2019, 1, 1),
        valid_until=datetime.date(2024, 12, 31),
    )
    current = MunicipalityFactory(nis_code="44002", name="Nieuwe gemeente")
    RegionalCareZoneMembershipFactory(municipality=current, zone=zone, valid_from=datetime.date(2025, 1, 1))

    merged_page = admin_client.get(f"/admin/networks/municipality/{merged.pk}/delete/").content.decode()
    current_page = admin_client.get(f"/admin/networks/municipality/{current.pk}/delete/").content.decode()
    assert "31 december 2024" in merged_page and "geschiedenis" in merged_page
    assert "geschiedenis" not in current_page and "lidmaatschappen" in current_page


def test_the_messages_after_a_save_or_a_deletion_read_well_for_every_noun(admin_client):
    """Django's Dutch "De {name} … is met succes verwijderd" read "De doel van de sextuple aim"."""
    aim = SextupleAim.objects.create(number=7, code="aim-7", name="Doel 7", name_en="Aim")
    response = admin_client.post(
        f"/admin/missions/sextupleaim/{aim.pk}/delete/", {"post": "yes"}, follow=True
    )
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("Verwijderd: ") and "met succes" not in message
