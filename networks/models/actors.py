"""Actors of the reform beside the networks (docs/decisions/0001-domain-fidelity.md §2.10):
the organisations of the reform (the consortium, later the VLEPZ), the care councils (one per
primary care zone) and their policy periods. Names and periods no source gives stay empty and
are shown as "onbekend" (decision §9)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from networks.models.geography import PrimaryCareZone
from networks.models.networks import Network
from networks.models.organisations import LegacyOrganisation
from npz_registry.limits import FIRST_YEAR, LAST_YEAR, NOTE, bounded_text
from npz_registry.models import (
    BackOfficeRecord,
    Certainty,
    ImpreciseDatedModel,
    ImpreciseDateField,
    SourcedModel,
    TimeStampedModel,
    TrackedModel,
    certainty_field,
    choices_constraint,
    code_field,
    imprecise_date_constraint,
    note_field,
    optional_foreign_key,
    period_order_constraint,
    refuse_reversed_imprecise,
    refuse_reversed_period,
    source_field,
)

#: The decree under which every primary care zone is run by one care council.
CARE_COUNCIL_DECREE = "BVR 17 mei 2019 tot erkenning en subsidiëring van de zorgraden"


class ReformOrganisationRole(models.TextChoices):
    EXPERTISE_CENTRE = "EXPERTISE_CENTRE", _("expertise centre")
    CONSORTIUM = "CONSORTIUM", _("consortium")
    OTHER = "OTHER", _("other")


class ReformOrganisation(BackOfficeRecord, SourcedModel, ImpreciseDatedModel, TrackedModel, TimeStampedModel):
    """An organisation the reform creates or calls on (fixtures/reform_organisations.csv)."""

    Role = ReformOrganisationRole

    code = code_field()
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    legal_basis = bounded_text(_("legal basis"), NOTE, blank=True)
    active_from = ImpreciseDateField(_("active from"), blank=True)
    active_from_sort = models.DateField(null=True, blank=True, editable=False)
    active_from_certainty = certainty_field(_("certainty of the start"), blank=True)
    active_until = ImpreciseDateField(_("active until"), blank=True)
    active_until_sort = models.DateField(null=True, blank=True, editable=False)
    active_until_certainty = certainty_field(_("certainty of the end"), blank=True)
    tasks = bounded_text(_("tasks"), NOTE, blank=True)
    members = bounded_text(_("members"), NOTE, blank=True, help_text=_("Empty: unknown."))
    website = models.URLField(_("website"), max_length=300, blank=True)
    note = note_field()

    class Meta:
        ordering = ["active_from_sort", "name"]
        verbose_name = _("organisation of the reform")
        verbose_name_plural = _("organisations of the reform")
        constraints = [
            *SourcedModel.Meta.constraints,
            choices_constraint("role", ReformOrganisationRole, name="reform_organisation_role_valid"),
            choices_constraint(
                "active_from_certainty",
                Certainty,
                blank=True,
                name="reform_organisation_from_certainty_valid",
            ),
            choices_constraint(
                "active_until_certainty",
                Certainty,
                blank=True,
                name="reform_organisation_until_certainty_valid",
            ),
            imprecise_date_constraint("active_from", name="reform_organisation_active_from_valid"),
            imprecise_date_constraint("active_until", name="reform_organisation_active_until_valid"),
        ]

    def __str__(self):
        return self.short_name or self.name

    def clean(self):
        super().clean()
        refuse_reversed_imprecise(self, "active_from", "active_until", _("The end lies before the start."))


class CareCouncil(BackOfficeRecord, TrackedModel, TimeStampedModel):
    """The zorgraad of one primary care zone. The decree gives every zone one; their names are
    not in our sources, so an empty name is shown as "zorgraad van <zone>"."""

    primary_care_zone = models.OneToOneField(
        PrimaryCareZone,
        verbose_name=_("primary care zone"),
        on_delete=models.PROTECT,
        related_name="care_council",
    )
    name = models.CharField(_("name"), max_length=200, blank=True, help_text=_("Empty: not known."))
    website = models.URLField(_("website"), max_length=300, blank=True)
    source = source_field(default=CARE_COUNCIL_DECREE)

    class Meta:
        ordering = ["primary_care_zone__name"]
        verbose_name = _("care council")
        verbose_name_plural = _("care councils")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or str(_("care council of %(zone)s") % {"zone": self.primary_care_zone.name})


class CareCouncilPolicyPeriod(SourcedModel, TrackedModel, TimeStampedModel):
    """A care council's policy (planning) period: the multi-year plans of the networks ideally
    run alongside it (note on roles and missions, July 2025). Only entered with a source."""

    council = models.ForeignKey(
        CareCouncil, verbose_name=_("care council"), on_delete=models.CASCADE, related_name="policy_periods"
    )
    start_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("last year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )

    class Meta:
        ordering = ["council", "start_year"]
        verbose_name = _("policy period of a care council")
        verbose_name_plural = _("policy periods of care councils")
        constraints = [
            *SourcedModel.Meta.constraints,
            period_order_constraint("start_year", "end_year", name="care_council_period_order"),
            models.UniqueConstraint(fields=["council", "start_year"], name="care_council_period_unique"),
        ]

    def __str__(self):
        return f"{self.council}: {self.start_year}–{self.end_year}"

    def clean(self):
        super().clean()
        refuse_reversed_period(self, "start_year", "end_year", _("The last year lies before the first year."))


# --------------------------------------------------------------------------------------------
# Who receives money or delivers care: one of four kinds of actor (decision §2.9)
# --------------------------------------------------------------------------------------------


class ActorKind(models.TextChoices):
    LEGACY = "LEGACY", _("legacy organisation")
    NETWORK = "NETWORK", _("network")
    ORGANISATION = "ORGANISATION", _("organisation of the reform")
    SECTOR = "SECTOR", _("the sector as a whole")


#: The foreign key each kind sets (SECTOR sets none).
ACTOR_FIELDS = {
    ActorKind.LEGACY: "legacy_organisation",
    ActorKind.NETWORK: "network",
    ActorKind.ORGANISATION: "organisation",
}


#: What a form, the admin and an import say when a row names another actor than its kind's
#: (the words of `ActorReference.clean`, which forms meet first).
EXACTLY_THE_ACTOR_MESSAGE = _("Choose exactly the recipient of the chosen kind (none for the sector).")
#: What they say when a row repeats one its actor already has (a partial unique constraint has no
#: words of its own: without these, Django names the constraint).
ACTOR_ROW_TWICE_MESSAGE = _(
    "This recipient already has a row with these values. Change that row instead of adding another."
)


def actor_constraints(prefix: str) -> list[models.BaseConstraint]:
    """The kind is valid and exactly the foreign key of the kind is set, the others null."""
    condition = models.Q()
    for kind in ActorKind.values:
        set_field = ACTOR_FIELDS.get(kind)
        branch = models.Q(actor_kind=kind)
        for name in ACTOR_FIELDS.values():
            branch &= models.Q(**{f"{name}__isnull": name != set_field})
        condition |= branch
    return [
        choices_constraint("actor_kind", ActorKind, name=f"{prefix}_actor_kind_valid"),
        models.CheckConstraint(
            condition=condition,
            name=f"{prefix}_exactly_the_actor_of_its_kind",
            violation_error_message=EXACTLY_THE_ACTOR_MESSAGE,
        ),
    ]


def actor_unique_constraints(
    prefix: str, fields: list[str], optional: str | None = None, message=ACTOR_ROW_TWICE_MESSAGE
) -> list[models.BaseConstraint]:
    """One row per actor and `fields`: one partial unique constraint per actor foreign key and
    one for the sector; with a nullable `optional` column, two each (with and without it).
    `message` is what forms, the admin and imports say of a row twice."""
    constraints = []
    for kind in ActorKind.values:
        fk = ACTOR_FIELDS.get(kind)
        base = models.Q(actor_kind=kind)
        keys = [fk] if fk else ["actor_kind"]
        label = (fk or "sector").replace("_organisation", "")
        if optional is None:
            constraints.append(
                models.UniqueConstraint(
                    fields=[*keys, *fields],
                    condition=base,
                    name=f"{prefix}_{label}_unique",
                    violation_error_message=message,
                )
            )
            continue
        constraints += [
            models.UniqueConstraint(
                fields=[*keys, *fields, optional],
                condition=base & models.Q(**{f"{optional}__isnull": False}),
                name=f"{prefix}_{label}_{optional}_unique",
                violation_error_message=message,
            ),
            models.UniqueConstraint(
                fields=[*keys, *fields],
                condition=base & models.Q(**{f"{optional}__isnull": True}),
                name=f"{prefix}_{label}_unique",
                violation_error_message=message,
            ),
        ]
    return constraints


def actor_of(row):
    """The legacy organisation, network or organisation of a row, or the label of the sector."""
    name = ACTOR_FIELDS.get(row.actor_kind)
    return getattr(row, name) if name else ActorKind.SECTOR.label


class ActorReference(models.Model):
    """A row about exactly one actor: a legacy organisation, a network, an organisation of the
    reform (the consortium, later the VLEPZ) or the sector as a whole (no foreign key). Used by
    `transition.Funding` and `missions.ActivityCount` (decision §2.9). The database refuses any
    other combination: subclasses add `*actor_constraints(prefix)` to their Meta.constraints.
    `save()` and `clean()` derive the kind from the one foreign key set."""

    actor_kind = models.CharField(
        _("recipient kind"), max_length=12, choices=ActorKind.choices, default=ActorKind.LEGACY
    )
    legacy_organisation = optional_foreign_key(
        LegacyOrganisation, _("legacy organisation"), on_delete=models.PROTECT, related_name="%(class)ss"
    )
    network = optional_foreign_key(Network, _("network"), on_delete=models.PROTECT, related_name="%(class)ss")
    organisation = optional_foreign_key(
        ReformOrganisation,
        _("organisation of the reform"),
        on_delete=models.PROTECT,
        related_name="%(class)ss",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.derive_actor_kind()
        super().save(*args, **kwargs)

    @property
    def recipient(self):
        return actor_of(self)

    def derive_actor_kind(self):
        """A row naming exactly one actor is of that actor's kind."""
        chosen = [kind for kind, name in ACTOR_FIELDS.items() if getattr(self, f"{name}_id")]
        if len(chosen) == 1:
            self.actor_kind = chosen[0]

    def clean(self):
        super().clean()
        self.derive_actor_kind()
        chosen = {name for name in ACTOR_FIELDS.values() if getattr(self, f"{name}_id")}
        expected = ACTOR_FIELDS.get(self.actor_kind)
        if chosen != ({expected} if expected else set()):
            raise ValidationError(EXACTLY_THE_ACTOR_MESSAGE)
