import datetime

import factory
from django.contrib.auth import get_user_model

from networks.groups import STAFF_GROUP
from networks.models import (
    LegacyOrganisation,
    Municipality,
    MunicipalityFigures,
    Network,
    NetworkRole,
    PrimaryCareZone,
    PrimaryCareZoneMembership,
    RecognitionStatus,
    RegionalCareZone,
    RegionalCareZoneMembership,
    ServiceArea,
)

#: Memberships start with the 2025 zone borders unless a test says otherwise.
MEMBERSHIP_FROM = datetime.date(2025, 1, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.django.Password("secret-pass-123")


class StaffFactory(UserFactory):
    """Department staff: admin access, rights from the staff group."""

    username = factory.Sequence(lambda n: f"staff{n}")
    is_staff = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        from django.contrib.auth.models import Group

        from networks.groups import sync_groups

        sync_groups()
        self.groups.add(Group.objects.get(name=STAFF_GROUP))


class CodedFactory(factory.django.DjangoModelFactory):
    """Rows with a natural `code`: asking twice for one code gives the same row."""

    class Meta:
        abstract = True
        django_get_or_create = ["code"]


class NetworkFactory(CodedFactory):
    class Meta:
        model = Network

    code = factory.Sequence("net-{}".format)
    name = factory.Sequence("Testnetwerk {}".format)


class CoordinatorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"coordinator{n}")
    network = factory.SubFactory(NetworkFactory)

    @classmethod
    def _create(cls, model_class, *args, network=None, **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        NetworkRole.objects.get_or_create(user=user, network=network, role=NetworkRole.Role.COORDINATOR)
        return user


class RegionalCareZoneFactory(CodedFactory):
    class Meta:
        model = RegionalCareZone

    code = factory.Sequence("zone-{}".format)
    name = factory.Sequence("Zone {}".format)
    kind = RegionalCareZone.Kind.REFERENTIEREGIO


class PrimaryCareZoneFactory(CodedFactory):
    class Meta:
        model = PrimaryCareZone

    code = factory.Sequence("elz-{}".format)
    name = factory.Sequence("ELZ {}".format)
    kind = PrimaryCareZone.Kind.ELZ


class MunicipalityFactory(factory.django.DjangoModelFactory):
    """`zone=<regional care zone>` makes it a member from 1 January 2025 (or `zone__valid_from`)."""

    class Meta:
        model = Municipality
        django_get_or_create = ["nis_code"]
        skip_postgeneration_save = True

    nis_code = factory.Sequence(lambda n: f"{90000 + n:05d}")
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    region = Municipality.Region.FLEMISH
    province = Municipality.Province.ANTWERPEN

    @factory.post_generation
    def zone(self, create, extracted, **period):
        if create and extracted is not None:
            period.setdefault("valid_from", MEMBERSHIP_FROM)
            RegionalCareZoneMembership.objects.create(municipality=self, zone=extracted, **period)


class MunicipalityFiguresFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MunicipalityFigures

    municipality = factory.SubFactory(MunicipalityFactory)
    year = 2026
    population = 10000
    aged_65_plus = 2000


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    municipality = factory.SubFactory(MunicipalityFactory)
    valid_from = MEMBERSHIP_FROM


class RegionalCareZoneMembershipFactory(MembershipFactory):
    class Meta:
        model = RegionalCareZoneMembership

    zone = factory.SubFactory(RegionalCareZoneFactory)


class PrimaryCareZoneMembershipFactory(MembershipFactory):
    class Meta:
        model = PrimaryCareZoneMembership

    zone = factory.SubFactory(PrimaryCareZoneFactory)


class LegacyOrganisationFactory(CodedFactory):
    class Meta:
        model = LegacyOrganisation

    code = factory.Sequence("pn-test-{}".format)
    kind = LegacyOrganisation.Kind.PN_PSV
    name = factory.Sequence("Testnetwerk palliatieve zorg {}".format)

    class Params:
        mbe = factory.Trait(kind=LegacyOrganisation.Kind.MBE, code=factory.Sequence("mbe-test-{}".format))


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    """A network serving a whole regional care zone from the recognition day on."""

    class Meta:
        model = ServiceArea

    network = factory.SubFactory(NetworkFactory)
    zone = factory.SubFactory(RegionalCareZoneFactory)
    valid_from = datetime.date(2027, 1, 1)


def recognise(network: Network, day: datetime.date) -> Network:
    """`network` recognised from `day`, as a merger's recognition needs: a zone it serves on that
    day (a new one unless it has one) and the dated decision, through the service."""
    from networks.services.networks import network_set_status

    if not network.service_areas.valid_on(day).exists():
        ServiceAreaFactory(network=network, valid_from=day)
    network_set_status(network=network, to_status=RecognitionStatus.RECOGNISED, effective_date=day)
    return network


#: The day the note hopes for (tests that need the back-office row make it with
#: `recognition_day_row()`; nothing in the code assumes this day).
RECOGNITION_DAY = datetime.date(2027, 1, 1)


class ReformDateFactory(factory.django.DjangoModelFactory):
    """A step of the reform calendar; `recognition_day()` below makes the keyed row."""

    class Meta:
        model = "networks.ReformDate"
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"stap-{n}")
    title = factory.Sequence(lambda n: f"Stap {n}")
    start = "2027-01-01"
    certainty = "HOPED"
    source = "Nota ‘Rollen en opdrachten netwerken palliatieve zorg’ (juli 2025)"


def recognition_day_row(day="2027-01-01", **kwargs):
    """The keyed recognition day, as staff set it in the back office."""
    return ReformDateFactory(
        code="nieuwe-regelgeving-npz",
        key="recognition-day",
        title="Nieuwe regelgeving NPZ van start",
        start=str(day),
        **kwargs,
    )
