from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from networks.models import Person
from networks.services.people import person_anonymise, person_for_user


class Command(BaseCommand):
    help = (
        "Anonymise a person (by user name, e-mail or person id): name, e-mail and phone disappear "
        "from the current rows and the history; the account is emptied and can no longer log in."
    )

    def add_arguments(self, parser):
        parser.add_argument("who", help="user name, e-mail address or person id")
        parser.add_argument("--yes", action="store_true", help="do it (without it, only say who it would be)")

    def handle(self, *args, who, yes, **options):
        person = self.find(who)
        if not yes:
            self.stdout.write(
                f"Would anonymise person {person.pk}: {person} <{person.email}>. Add --yes to do it."
            )
            return
        counts = person_anonymise(person=person)
        self.stdout.write(f"Person {person.pk} anonymised. Rows changed:")
        for place, count in counts.items():
            self.stdout.write(f"  {place}: {count}")

    def find(self, who: str) -> Person:
        user = get_user_model().objects.filter(username=who).first()
        if user is not None:
            return person_for_user(user)
        people = list(Person.objects.filter(email__iexact=who)) if "@" in who else []
        if not people and who.isdigit():
            people = list(Person.objects.filter(pk=int(who)))
        if len(people) != 1:
            raise CommandError(f"No single person matches {who!r} ({len(people)} found).")
        return people[0]
