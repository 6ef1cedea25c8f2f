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
        django_get_or_create = ["position"]
        skip_postgeneration_save = True

    position = factory.Sequence(lambda n: n + 1)
    code = factory.LazyAttribute(lambda line: f"actielijn-{line.position}")
    plan_reference = factory.LazyAttribute(lambda line: f"§2.{line.position}")
    theme = ActionLineTheme.ECOSYSTEM
    title = factory.Sequence(lambda n: f"Actielijn {n}")
    planned = "tegen eind 2025"
    target_end = "2025-late"
    lead = "sector"

    @factory.post_generation
    def work_forms(self, create, extracted, **kwargs):
        """`work_forms=[1, 2]`; default one row, work form 3."""
        if create:
            for number in extracted if extracted is not None else [3]:
                self.work_forms.get_or_create(work_form=number)


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funding

    network = factory.SubFactory(NetworkFactory)
    year = 2027
    kind = FundingKind.RECURRENT
    amount = Decimal("100000.00")
    source_document = "Testbesluit"
