"""The back office's delete confirmation (npz_registry.admin.CountedDeleteMixin): the same kinds
and counts as Django's own collector, with many-to-many link rows read only when nothing blocks
the deletion."""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import NestedObjects
from django.test import RequestFactory

from missions.models import SextupleAim
from tests.missions.factories import PlanGoalFactory

pytestmark = pytest.mark.django_db


def _django_counts(obj) -> dict:
    collector = NestedObjects(using="default")
    collector.collect([obj])
    return {model._meta.verbose_name_plural: len(rows) for model, rows in collector.model_objs.items()}


def test_a_deletion_that_goes_ahead_counts_the_link_rows_as_django_does(admin_user):
    aim = SextupleAim.objects.create(number=1, code="aim-1", name="Doel 1", name_en="Aim")
    for goal in PlanGoalFactory.create_batch(2):
        goal.aims.add(aim)
    request = RequestFactory().get("/")
    request.user = admin_user

    _rows, counts, perms_needed, protected = admin.site.get_model_admin(SextupleAim).get_deleted_objects(
        [aim], request
    )

    assert not perms_needed and not protected
    assert counts == _django_counts(aim)
    assert sum(counts.values()) == 3  # the aim and its two links to goals
