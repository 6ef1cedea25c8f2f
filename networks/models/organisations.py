"""The legacy palliative care organisations (PN/PSV and MBE) that merge into the NPZ."""

import functools
import operator
from collections import Counter, defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from networks.models.geography import Municipality, RegionalCareZone
from networks.validators import (
    format_enterprise_number,
    normalise_enterprise_number,
    validate_enterprise_number,
)
from npz_registry.limits import SOURCE, DayInRange, bounded_text
from npz_registry.models import (
    BackOfficeRecord,
    DatedModel,
    TimeStampedModel,
    TrackedModel,
    choices_constraint,
    code_field,
    note_field,
    optional_foreign_key,
    period_errors,
    period_order_constraint,
)


class EnterpriseNumberField(models.CharField):
    """A KBO/BCE number stored as ten digits; dots, spaces and 'BE' are accepted on input."""

    #: How long the number may be as it is typed: "BE 0123.456.749" has 15 characters.
    WRITTEN_LENGTH = 20

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 10)
        super().__init__(*args, **kwargs)
        self.validators.append(validate_enterprise_number)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_enterprise_number(value) if value else value

    def formfield(self, **kwargs):
        """An input that takes the number as it is written ("0123.456.749", "BE 0123 456 749",
        as the help texts show it) and hands on the ten digits before the length check, as the
        imports read it: the column's ten characters held only "0123.456.7"."""
        from npz_registry.forms import WrittenTextField  # the forms module imports auth's models

        if kwargs.get("form_class", WrittenTextField) is WrittenTextField:  # not a form's own class
            kwargs = {
                "form_class": WrittenTextField,
                "normalise": normalise_enterprise_number,
                "max_length": self.WRITTEN_LENGTH,
                # Checked here, so a wrong number is one message, not also "at most ten characters"
                "validators": [validate_enterprise_number],
                **kwargs,
            }
        return super().formfield(**kwargs)


class LegacyOrganisationQuerySet(models.QuerySet):
    def active_on(self, day):
        """Organisations that exist on `day`: within their active period and not yet merged
        (no successor yet, or a merger that takes effect later). One rule for the public
        search, the API, the back office, the dashboard and the reports."""
        return self.filter(active_on_condition(day))

    def working_in(self, *zones):
        """Organisations working in the regional care zone `zone` (in one of `zones` when given
        several): by their derived zones, or, for one without zones of its own (the home-care
        teams, MBE, in the reference data), by those of its partner PN/PSV. The one rule for
        where a legacy organisation works (the public search, the staff table's zone filter, a
        merger's participants; funding_totals reads it per grant)."""
        return self.filter(
            models.Q(derived_regional_care_zones__in=zones)
            | models.Q(
                derived_regional_care_zones__isnull=True, partner__derived_regional_care_zones__in=zones
            )
        ).distinct()

    def merged_by(self, day):
        """Organisations whose merger into their successor network has taken effect on `day`
        (LegacyOrganisation.is_merged_on): a network's predecessors on that day."""
        return self.filter(merger_date__lte=day)

    def registered_on(self, day):
        """Every registered organisation, each with `is_active_on_day` (active_on's rule): the
        dashboard and the Flanders report read those still to merge and the registry's
        completeness from one read."""
        is_active = models.ExpressionWrapper(active_on_condition(day), output_field=models.BooleanField())
        return self.annotate(is_active_on_day=is_active)


def active_on_condition(day) -> models.Q:
    """An organisation exists on `day`: within its active period and not yet merged."""
    return (
        (models.Q(active_from__isnull=True) | models.Q(active_from__lte=day))
        & (models.Q(active_until__isnull=True) | models.Q(active_until__gte=day))
        & (models.Q(merger_date__isnull=True) | models.Q(merger_date__gt=day))
    )


class LegacyOrganisationKind(models.TextChoices):
    PN_PSV = "PN_PSV", _("palliative network / cooperation (PN/PSV)")
    MBE = "MBE", _("multidisciplinary support team (MBE)")


class LegalBasis(models.TextChoices):
    RECOGNITION = "RECOGNITION", _("recognition")
    AGREEMENT = "AGREEMENT", _("agreement")


#: The legal basis of each kind, from the footnotes of the note on roles and missions (July
#: 2025): "Momenteel erkent het Departement Zorg 15 palliatieve netwerken en
#: samenwerkingsverbanden"; "Het Departement Zorg heeft een overeenkomst met 15
#: multidisciplinaire begeleidingsequipes".
LEGAL_BASIS_BY_KIND = {
    LegacyOrganisationKind.PN_PSV: LegalBasis.RECOGNITION,
    LegacyOrganisationKind.MBE: LegalBasis.AGREEMENT,
}

#: The legal basis follows the kind (or is empty while not recorded): the database says it too.
LEGAL_BASIS_FOLLOWS_KIND = functools.reduce(
    operator.or_,
    [models.Q(kind=kind.value, legal_basis=basis.value) for kind, basis in LEGAL_BASIS_BY_KIND.items()],
    models.Q(legal_basis=""),
)


class PartnerLinks:
    """Who names whom as partner, with each organisation's name: what the partner rule
    (`problem`) reads. Keys are primary keys when read from the database around one
    organisation (`around`: the admin's forms), codes when an import reads its file
    (networks.resources), so that rows not written yet count too."""

    def __init__(self, rows=()):
        """`rows`: (key, name, the partner's key or None)."""
        self.partner_of: dict = {}
        self.named_by: dict = defaultdict(set)
        self.names: dict = {}
        for key, name, partner in rows:
            self.set(key, partner, name)

    @classmethod
    def around(cls, organisation, partner) -> "PartnerLinks":
        """The links `organisation` (as stored) and `partner` take part in, by primary key, in one
        query: `partner`, the organisation it names, and whoever names either of them."""
        concerned = models.Q(pk=partner.pk) | models.Q(partner=partner.pk)
        if partner.partner_id is not None:
            concerned |= models.Q(pk=partner.partner_id)
        if organisation.pk is not None:
            concerned |= models.Q(partner=organisation.pk)
        rows = LegacyOrganisation.objects.filter(concerned).exclude(pk=organisation.pk)
        return cls(rows.values_list("pk", "name", "partner"))

    def set(self, key, partner, name=None) -> None:
        """From now on `key` names `partner` (None: no partner)."""
        before = self.partner_of.get(key)
        if before is not None:
            self.named_by[before].discard(key)
        self.partner_of[key] = partner
        if partner is not None:
            self.named_by[partner].add(key)
        if name is not None:
            self.names[key] = name

    def problem(self, key, partner, partner_name: str) -> str | None:
        """Why the organisation `key` cannot name `partner` as its partner, or None. Partners are
        one to one (each PN/PSV has one MBE, each MBE one PN/PSV) and the same both ways: if A's
        partner is B, B's partner is A or empty."""
        holders = sorted(self.named_by.get(partner, set()) - {key}, key=str)
        partners_partner = self.partner_of.get(partner)
        if holders or partners_partner not in (None, key):
            other = holders[0] if holders else partners_partner
            return _(
                "%(partner)s already works with %(other)s: each PN/PSV has one MBE and each MBE one "
                "PN/PSV. Choose another partner, or first empty the partner of %(other)s and of %(partner)s."
            ) % {"partner": partner_name, "other": self.names.get(other, other)}
        pointing = sorted(self.named_by.get(key, set()) - {partner}, key=str) if key is not None else []
        if pointing:
            return _(
                "%(other)s names this organisation as its partner: choose %(other)s, or first empty the "
                "partner of %(other)s."
            ) % {"other": self.names.get(pointing[0], pointing[0])}
        return None


class LegacyOrganisation(BackOfficeRecord, TrackedModel, TimeStampedModel):
    Kind = LegacyOrganisationKind
    LegalBasis = LegalBasis

    code = code_field(help_text=_("Registry code, for example pn-pnat or mbe-ispahan."))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=12,
        choices=LegalBasis.choices,
        blank=True,
        help_text=_(
            "PN/PSV are recognised, MBE work under an agreement with the department (note on roles "
            "and missions, July 2025, footnotes)."
        ),
    )
    name = models.CharField(_("name"), max_length=250)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    enterprise_number = EnterpriseNumberField(
        _("enterprise number (KBO)"), blank=True, help_text=_("Ten digits, for example 0123.456.749.")
    )
    seat = optional_foreign_key(
        Municipality,
        _("seat (municipality)"),
        on_delete=models.PROTECT,
        related_name="seated_legacy_organisations",
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    partner = optional_foreign_key(
        "self",
        _("partner organisation"),
        on_delete=models.SET_NULL,
        related_name="partnered_by",
        help_text=_("The organisation of the other kind it works with (an MBE with its PN/PSV)."),
    )
    same_legal_entity_as_partner = models.BooleanField(
        _("same legal entity as partner"),
        null=True,
        blank=True,
        help_text=_("Empty while unknown."),
    )
    region_served_as_stated = models.CharField(
        _("area served (as stated by the source)"), max_length=250, blank=True
    )
    derived_regional_care_zones = models.ManyToManyField(
        RegionalCareZone,
        verbose_name=_("overlapping regional care zones (derived)"),
        blank=True,
        related_name="derived_legacy_organisations",
        help_text=_("Our derivation from the stated area, not a statement of the source."),
    )
    successor = optional_foreign_key(
        "networks.Network",
        _("successor network"),
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    merger_date = models.DateField(
        _("legal date of the merger"),
        null=True,
        blank=True,
        help_text=_("From this day the organisation is part of its successor network."),
        validators=[DayInRange()],
    )
    active_from = models.DateField(_("active from"), null=True, blank=True, validators=[DayInRange()])
    active_until = models.DateField(_("active until"), null=True, blank=True, validators=[DayInRange()])
    source_url = bounded_text(
        _("sources (URLs)"), SOURCE, blank=True, help_text=_("One or more URLs, separated by ';'.")
    )
    confidence = models.CharField(_("confidence"), max_length=250, blank=True)
    notes = note_field(_("notes"))

    objects = LegacyOrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("legacy organisation")
        verbose_name_plural = _("legacy organisations")
        constraints = [
            choices_constraint("kind", LegacyOrganisationKind, name="legacy_organisation_kind_valid"),
            choices_constraint(
                "legal_basis", LegalBasis, name="legacy_organisation_legal_basis_valid", blank=True
            ),
            models.CheckConstraint(
                condition=LEGAL_BASIS_FOLLOWS_KIND,
                name="legacy_organisation_legal_basis_follows_kind",
                violation_error_message=_(
                    "The legal basis follows the kind: a PN/PSV is recognised, an MBE works under an "
                    "agreement with the department."
                ),
            ),
            # An organisation is the partner of at most one other (PN/PSV and MBE in pairs).
            models.UniqueConstraint(
                fields=["partner"],
                condition=models.Q(partner__isnull=False),
                name="legacy_organisation_partner_unique",
                violation_error_message=_(
                    "Another organisation already has this partner: each PN/PSV has one MBE and each MBE "
                    "one PN/PSV."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(successor__isnull=True, merger_date__isnull=True)
                | models.Q(successor__isnull=False, merger_date__isnull=False),
                name="legacy_organisation_successor_has_date",
            ),
            period_order_constraint(
                "active_from",
                "active_until",
                name="legacy_organisation_active_period_ordered",
                open_ended=["active_from", "active_until"],
            ),
        ]

    def __str__(self):
        return self.name

    def is_merged_on(self, day) -> bool:
        return self.merger_date is not None and self.merger_date <= day

    @property
    def enterprise_number_display(self) -> str:
        return format_enterprise_number(self.enterprise_number)

    @property
    def source_urls(self) -> list[str]:
        return [url.strip() for url in self.source_url.split(";") if url.strip()]

    def clean(self):
        super().clean()
        errors = {}
        # The partner may be a row an import creates in the same file (not saved yet).
        partner = self.partner
        if partner is not None:
            if partner is self or (self.pk is not None and partner.pk == self.pk):
                errors["partner"] = _("An organisation cannot be its own partner.")
            elif partner.kind == self.kind:
                errors["partner"] = _("The partner must be of the other kind (an MBE works with a PN/PSV).")
            elif problem := self.partner_problem():
                errors["partner"] = problem
        expected = LEGAL_BASIS_BY_KIND.get(self.kind)
        if self.legal_basis and expected and self.legal_basis != expected:
            errors["legal_basis"] = _(
                "The legal basis follows the kind: a PN/PSV is recognised, an MBE works under an agreement "
                "with the department. Choose “%(basis)s” or leave it empty."
            ) % {"basis": expected.label}
        if self.successor_id and not self.merger_date:
            errors["merger_date"] = _("Give the legal date of the merger into the successor network.")
        if self.merger_date and not self.successor_id:
            errors["successor"] = _("A merger date needs a successor network.")
        errors.update(
            period_errors(self, "active_from", "active_until", _("The end date lies before the start date."))
        )
        errors.update(self.same_entity_problems())
        if errors:
            raise ValidationError(errors)

    def partner_problem(self) -> str | None:
        """Why this organisation cannot have its partner (PartnerLinks.problem: one to one, the
        same both ways), or None. An import gives the links of its file and table in
        `partner_links` (no query per row); otherwise they are read around the two rows."""
        partner = self.partner
        links = getattr(self, "partner_links", None)
        if partner is None:
            return None
        if links is not None:
            return links.problem(self.code, partner.code, partner.name)
        if partner.pk is None:
            return None
        return PartnerLinks.around(self, partner).problem(self.pk, partner.pk, partner.name)

    def same_entity_problems(self) -> dict:
        """One legal entity runs both rows: they are each other's partner, with one enterprise number."""
        if not self.same_legal_entity_as_partner:
            return {}
        partner = self.partner
        if partner is None:
            message = _("Only an organisation with a partner can share its legal entity.")
        elif partner.enterprise_number not in ("", self.enterprise_number) and self.enterprise_number:
            message = _("The partner has another enterprise number: not the same legal entity.")
        else:
            return {}
        return {"same_legal_entity_as_partner": message}


class LegacyOrganisationArea(DatedModel, TrackedModel, TimeStampedModel):
    """A municipality served by a legacy organisation in a period."""

    organisation = models.ForeignKey(
        LegacyOrganisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="areas"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="legacy_organisation_areas",
    )

    class Meta:
        ordering = ["organisation__name", "municipality__name"]
        verbose_name = _("area served")
        verbose_name_plural = _("areas served")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "municipality", "valid_from"], name="legacy_organisation_area_unique"
            )
        ]

    def __str__(self):
        return f"{self.organisation} – {self.municipality.name}"


def registry_completeness(organisations=None) -> list[dict]:
    """How many legacy organisations of each kind are registered against the number the
    department recognises ("PN/PSV: 11 of 15 registered"): counted in the database, or among
    `organisations` when a page has read them all already."""
    expected = settings.NPZ_EXPECTED_LEGACY_ORGANISATIONS
    if organisations is None:
        per_kind = LegacyOrganisation.objects.values_list("kind").annotate(n=models.Count("pk"))
        counts = dict(per_kind.values_list("kind", "n"))
    else:
        counts = Counter(o.kind for o in organisations)
    return [
        {
            "kind": kind,
            "label": label,
            "short_label": kind.replace("_", "/"),
            "registered": counts.get(kind, 0),
            "expected": expected.get(kind),
        }
        for kind, label in LegacyOrganisation.Kind.choices
    ]
