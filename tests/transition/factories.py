import datetime
from decimal import Decimal

import factory

from tests.networks.factories import NetworkFactory
from transition.models import ActionLine, ActionLineTheme, Funding, FundingKind, Merger, Milestone


class MergerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Merger

    network = factory.SubFactory(NetworkFactory)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    merger = factory.SubFactory(MergerFactory)
    kind = Milestone.Kind.STATUTES
    due_date = datetime.date(2026, 6, 30)


class ActionLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionLine
        django_get_or_create = ["number"]

    number = factory.Sequence(lambda n: n + 1)
    theme = ActionLineTheme.ECOSYSTEM
    title = factory.Sequence(lambda n: f"Actielijn {n}")
    planned = "eind 2025"
    work_form = 3
    lead = "sector"


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funding

    network = factory.SubFactory(NetworkFactory)
    year = 2027
    kind = FundingKind.RECURRENT
    amount = Decimal("100000.00")
    source_document = "Testbesluit"
