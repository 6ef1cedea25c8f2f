"""When yearly progress reports are due, as a row staff set (decision 0001 §2.1): no source gives
a deadline, so nothing is assumed in code."""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0011_legacy_legal_basis_by_kind"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalProgressReportRule",
            fields=[
                (
                    "id",
                    models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID"),
                ),
                (
                    "source",
                    models.TextField(
                        blank=True,
                        help_text="Document, section or address.",
                        max_length=2000,
                        validators=[django.core.validators.MaxLengthValidator(2000)],
                        verbose_name="source",
                    ),
                ),
                (
                    "source_quote",
                    models.TextField(
                        blank=True,
                        max_length=2000,
                        validators=[django.core.validators.MaxLengthValidator(2000)],
                        verbose_name="words of the source",
                    ),
                ),
                (
                    "certainty",
                    models.CharField(
                        choices=[
                            ("FIXED", "fixed"),
                            ("PLANNED", "planned"),
                            ("HOPED", "expected"),
                            ("ESTIMATED", "estimated"),
                            ("ASSUMED", "our assumption"),
                        ],
                        default="ASSUMED",
                        help_text="Fixed: decided or past. Planned: the source says it will. Expected: the source hopes so.",
                        max_length=10,
                        verbose_name="certainty",
                    ),
                ),
                ("created_at", models.DateTimeField(blank=True, editable=False, verbose_name="created at")),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated at")),
                (
                    "applies_from_year",
                    models.PositiveSmallIntegerField(
                        db_index=True,
                        validators=[
                            django.core.validators.MinValueValidator(2000),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                        verbose_name="applies from report year",
                    ),
                ),
                (
                    "due_month",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(12),
                        ],
                        verbose_name="due month",
                    ),
                ),
                (
                    "due_day",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(31),
                        ],
                        verbose_name="due day",
                    ),
                ),
                (
                    "year_offset",
                    models.PositiveSmallIntegerField(
                        default=1,
                        validators=[django.core.validators.MaxValueValidator(5)],
                        verbose_name="years after the report year",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical progress report deadline",
                "verbose_name_plural": "historical progress report deadlines",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="ProgressReportRule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "source",
                    models.TextField(
                        blank=True,
                        help_text="Document, section or address.",
                        max_length=2000,
                        validators=[django.core.validators.MaxLengthValidator(2000)],
                        verbose_name="source",
                    ),
                ),
                (
                    "source_quote",
                    models.TextField(
                        blank=True,
                        max_length=2000,
                        validators=[django.core.validators.MaxLengthValidator(2000)],
                        verbose_name="words of the source",
                    ),
                ),
                (
                    "certainty",
                    models.CharField(
                        choices=[
                            ("FIXED", "fixed"),
                            ("PLANNED", "planned"),
                            ("HOPED", "expected"),
                            ("ESTIMATED", "estimated"),
                            ("ASSUMED", "our assumption"),
                        ],
                        default="ASSUMED",
                        help_text="Fixed: decided or past. Planned: the source says it will. Expected: the source hopes so.",
                        max_length=10,
                        verbose_name="certainty",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "applies_from_year",
                    models.PositiveSmallIntegerField(
                        unique=True,
                        validators=[
                            django.core.validators.MinValueValidator(2000),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                        verbose_name="applies from report year",
                    ),
                ),
                (
                    "due_month",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(12),
                        ],
                        verbose_name="due month",
                    ),
                ),
                (
                    "due_day",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(31),
                        ],
                        verbose_name="due day",
                    ),
                ),
                (
                    "year_offset",
                    models.PositiveSmallIntegerField(
                        default=1,
                        validators=[django.core.validators.MaxValueValidator(5)],
                        verbose_name="years after the report year",
                    ),
                ),
            ],
            options={
                "verbose_name": "progress report deadline",
                "verbose_name_plural": "progress report deadlines",
                "ordering": ["applies_from_year"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("certainty__in", ["FIXED", "PLANNED", "HOPED", "ESTIMATED", "ASSUMED"])
                        ),
                        name="networks_progressreportrule_certainty_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("due_day__gte", 1),
                            ("due_day__lte", 31),
                            ("due_month__gte", 1),
                            ("due_month__lte", 12),
                        ),
                        name="progress_report_rule_day_in_range",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("year_offset__lte", 5)), name="progress_report_rule_offset_range"
                    ),
                ],
            },
        ),
    ]
