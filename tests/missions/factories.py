import factory

from missions.models import MissionTheme, PartnerType

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
