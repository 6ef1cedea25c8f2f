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


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"net-{n}")
    name = factory.Sequence(lambda n: f"Testnetwerk {n}")


class CoordinatorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"coordinator{n}")
    network = factory.SubFactory(NetworkFactory)

    @classmethod
    def _create(cls, model_class, *args, network=None, **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        NetworkRole.objects.get_or_create(user=user, network=network, role=NetworkRole.Role.COORDINATOR)
        return user


class RegionalCareZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionalCareZone
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"zone-{n}")
    name = factory.Sequence(lambda n: f"Zone {n}")
    kind = RegionalCareZone.Kind.REFERENTIEREGIO


class PrimaryCareZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrimaryCareZone
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"elz-{n}")
    name = factory.Sequence(lambda n: f"ELZ {n}")
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


class RegionalCareZoneMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionalCareZoneMembership

    municipality = factory.SubFactory(MunicipalityFactory)
    zone = factory.SubFactory(RegionalCareZoneFactory)
    valid_from = datetime.date(2025, 1, 1)


class PrimaryCareZoneMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrimaryCareZoneMembership

    municipality = factory.SubFactory(MunicipalityFactory)
    zone = factory.SubFactory(PrimaryCareZoneFactory)
    valid_from = datetime.date(2025, 1, 1)


class LegacyOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegacyOrganisation
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"pn-test-{n}")
    kind = LegacyOrganisation.Kind.PN_PSV
    name = factory.Sequence(lambda n: f"Testnetwerk palliatieve zorg {n}")

    class Params:
        mbe = factory.Trait(
            kind=LegacyOrganisation.Kind.MBE, code=factory.Sequence(lambda n: f"mbe-test-{n}")
        )


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    """A network serving a whole regional care zone from the recognition day on."""

    class Meta:
        model = ServiceArea

    network = factory.SubFactory(NetworkFactory)
    zone = factory.SubFactory(RegionalCareZoneFactory)
    valid_from = datetime.date(2027, 1, 1)
