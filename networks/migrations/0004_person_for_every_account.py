from django.conf import settings
from django.db import migrations


def create_people(apps, schema_editor):
    """Every existing account gets its person, with the account's name and e-mail."""
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Person = apps.get_model("networks", "Person")
    HistoricalPerson = apps.get_model("networks", "HistoricalPerson")
    have = set(Person.objects.values_list("user_id", flat=True))
    for user in User.objects.exclude(pk__in=have).order_by("pk"):
        person = Person.objects.create(
            user=user, first_name=user.first_name, last_name=user.last_name, email=user.email
        )
        HistoricalPerson.objects.create(
            id=person.pk,
            user_id=user.pk,
            first_name=person.first_name,
            last_name=person.last_name,
            email=person.email,
            phone="",
            created_at=person.created_at,
            updated_at=person.updated_at,
            history_date=person.created_at,
            history_type="+",
            history_change_reason="migration: person for every account",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0003_person"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # Going back needs nothing: 0003's reverse drops the table.
    operations = [migrations.RunPython(create_people, migrations.RunPython.noop)]
