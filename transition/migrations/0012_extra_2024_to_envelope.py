"""Data step: every grant gets the kind of its recipient, and the former kind "extra means
from 2024" becomes a recurrent grant drawn from the +5 M€ envelope (recurrent from 2024, the
minister's answer to written question 150), created here when missing with the values of
fixtures/funding_figures.csv."""

from decimal import Decimal

from django.db import migrations

ENVELOPE = {
    "code": "extra-middelen-2024",
    "kind": "ENVELOPE",
    "title": "Extra financiering voor de sector palliatieve zorg vanaf 2024 (recurrent)",
    "amount": Decimal("5000000"),
    "amount_as_written": "5 miljoen euro extra financiering",
    "year_from": 2024,
    "recurrent": True,
    "intended_for": "sector palliatieve zorg",
    "certainty": "FIXED",
    "source": "Vlaams Parlement, antwoord van minister Hilde Crevits op schriftelijke vraag nr. 150 "
    "van 20 december 2023, punt 1",
    "source_quote": "Ik heb vanaf 2024 voorzien in 5 miljoen euro extra financiering voor de sector "
    "palliatieve zorg. | Dit zijn geen éénmalige budgetten maar recurrente middelen.",
}


def forward(apps, schema_editor):
    Funding = apps.get_model("transition", "Funding")
    FundingFigure = apps.get_model("transition", "FundingFigure")
    Funding.objects.filter(network__isnull=False).update(actor_kind="NETWORK")
    Funding.objects.filter(legacy_organisation__isnull=False).update(actor_kind="LEGACY")
    extra = Funding.objects.filter(kind="EXTRA_2024")
    if not extra.exists():
        return
    values = dict(ENVELOPE)
    envelope, _created = FundingFigure.objects.get_or_create(code=values.pop("code"), defaults=values)
    extra.update(kind="RECURRENT", drawn_from=envelope)


def backward(apps, schema_editor):
    Funding = apps.get_model("transition", "Funding")
    Funding.objects.filter(kind="RECURRENT", drawn_from__code=ENVELOPE["code"]).update(
        kind="EXTRA_2024", drawn_from=None
    )


class Migration(migrations.Migration):
    dependencies = [
        ("transition", "0011_funding_figure_actor_drawn_from"),
    ]

    operations = [migrations.RunPython(forward, backward)]
