"""The constraints of grants by actor kind and figure, after the data step (0008)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("transition", "0012_extra_2024_to_envelope"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="funding",
            constraint=models.CheckConstraint(
                condition=models.Q(("actor_kind__in", ["LEGACY", "NETWORK", "ORGANISATION", "SECTOR"])),
                name="funding_actor_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="funding",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("actor_kind", "LEGACY"),
                        ("legacy_organisation__isnull", False),
                        ("network__isnull", True),
                        ("organisation__isnull", True),
                    ),
                    models.Q(
                        ("actor_kind", "NETWORK"),
                        ("legacy_organisation__isnull", True),
                        ("network__isnull", False),
                        ("organisation__isnull", True),
                    ),
                    models.Q(
                        ("actor_kind", "ORGANISATION"),
                        ("legacy_organisation__isnull", True),
                        ("network__isnull", True),
                        ("organisation__isnull", False),
                    ),
                    models.Q(
                        ("actor_kind", "SECTOR"),
                        ("legacy_organisation__isnull", True),
                        ("network__isnull", True),
                        ("organisation__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="funding_exactly_the_actor_of_its_kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="funding",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["FORFAIT", "RECURRENT", "AD_HOC"])),
                name="funding_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="funding",
            constraint=models.UniqueConstraint(
                condition=models.Q(("actor_kind", "LEGACY"), ("drawn_from__isnull", False)),
                fields=("legacy_organisation", "year", "kind", "drawn_from"),
                name="funding_legacy_drawn_from_unique",
            ),
        ),
        migrations.AddConstraint(
            model_name="funding",
            constraint=models.UniqueConstraint(
                condition=models.Q(("actor_kind", "LEGACY"), ("drawn_from__isnull", True)),
                fields=("legacy_organisation", "year", "kind"),
                name="funding_legacy_unique",
            ),
        ),
        migrations.AddConstraint(
            model_name="funding",
            constraint=models.UniqueConstraint(
                condition=models.Q(("actor_kind", "NETWORK"), ("drawn_from__isnull", False)),
                fields=("network", "year", "kind", "drawn_from"),
                name="funding_network_drawn_from_unique",
            ),
        ),
        migrations.AddConstraint(
            model_name="funding",
            constraint=models.UniqueConstraint(
                condition=models.Q(("actor_kind", "NETWORK"), ("drawn_from__isnull", True)),
                fields=("network", "year", "kind"),
                name="funding_network_unique",
            ),
        ),
        migrations.AddConstraint(
            model_name="funding",
            constraint=models.UniqueConstraint(
                condition=models.Q(("actor_kind", "ORGANISATION"), ("drawn_from__isnull", False)),
                fields=("organisation", "year", "kind", "drawn_from"),
                name="funding_organisation_drawn_from_unique",
            ),
        ),
        migrations.AddConstraint(
            model_name="funding",
            constraint=models.UniqueConstraint(
                condition=models.Q(("actor_kind", "ORGANISATION"), ("drawn_from__isnull", True)),
                fields=("organisation", "year", "kind"),
                name="funding_organisation_unique",
            ),
        ),
        migrations.AddConstraint(
            model_name="funding",
            constraint=models.UniqueConstraint(
                condition=models.Q(("actor_kind", "SECTOR"), ("drawn_from__isnull", False)),
                fields=("actor_kind", "year", "kind", "drawn_from"),
                name="funding_sector_drawn_from_unique",
            ),
        ),
        migrations.AddConstraint(
            model_name="funding",
            constraint=models.UniqueConstraint(
                condition=models.Q(("actor_kind", "SECTOR"), ("drawn_from__isnull", True)),
                fields=("actor_kind", "year", "kind"),
                name="funding_sector_unique",
            ),
        ),
    ]
