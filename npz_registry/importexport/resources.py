"""The base resource of every table we import and export.

An import runs in two phases:

1. Read: every row is cleaned and validated in Python against the table's rows read once
   (natural key -> row) and the related tables read once (`KeyWidget`), so a row costs no
   query. Model validation runs without the per-row foreign-key, uniqueness and constraint
   queries: the keys come from those dictionaries, uniqueness is checked over the whole file
   (a key twice is an error naming both rows), the CHECK and unique constraints are read in
   Python (`constraints`), and the database enforces the rest. Each column is read by the
   widget of its kind of value (yes/no, imprecise dates: `WIDGETS_MAP`,
   `field_from_django_field`); a file with a column the table does not know is refused, and
   an empty row is skipped (the rows keep the numbers the spreadsheet gives them).
2. Write: when no row failed, everything is written in one transaction, in bulk, with the
   history rows (django-simple-history's bulk helpers). A dry run writes and rolls back, so the
   preview also meets the database's own checks. One bad row, or a refusal by the database,
   writes nothing.

No transaction is open during the read phase, so a background job can report its progress
while it reads (see `jobs`).

Exports escape cells that a spreadsheet would run as a formula (= + - @, tab, carriage return)
with a leading apostrophe; imports remove that apostrophe again, so a table's export imports
back unchanged, from CSV and from XLSX.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.html import escape, format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import override
from import_export import fields, resources, widgets
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import Error, Result, RowResult

from npz_registry import dataversion
from npz_registry.history import acting_reason
from npz_registry.importexport.constraints import UniqueIndex, constraint_errors, refusal_reason
from npz_registry.importexport.widgets import (
    ChoiceWidget,
    DayWidget,
    DecimalCellWidget,
    ImpreciseDateWidget,
    IntegerCellWidget,
    KeyLookup,
    KeysWidget,
    KeyWidget,
    YesNoWidget,
    cell_text,
)
from npz_registry.models import Certainty, ImpreciseDateField, fill_sort_dates

#: Characters that make a spreadsheet cell a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
WRITE_BATCH = 500


class ImportFileError(Exception):
    """The file as a whole cannot be imported (headers, size); the message is for staff."""


def escape_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


#: How an escaped text that began with a carriage return comes back from XLSX: XML reads a
#: carriage return as a line feed, so the cell written as "'\r=1+1" is read as "'\n=1+1".
ESCAPED_CARRIAGE_RETURN_FROM_XLSX = "'\n"


def unescape_formula(value):
    if not isinstance(value, str):
        return value
    if value.startswith(ESCAPED_CARRIAGE_RETURN_FROM_XLSX):
        return "\r" + value[len(ESCAPED_CARRIAGE_RETURN_FROM_XLSX) :]
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def is_blank_row(row: dict) -> bool:
    """Whether every cell of `row` is empty: a row a spreadsheet left empty between others."""
    return not any(cell_text(value) for value in row.values())


def twice_named(headers: list[str]) -> list[str]:
    """The columns more than one heading names, in any case ("population", "Population")."""
    seen = {}
    for header in headers:
        if header:
            seen.setdefault(header.casefold(), []).append(header)
    return [names[0] for names in seen.values() if len(names) > 1]


@dataclass
class TableCounts:
    """What an import did to one table (the reference loader prints these)."""

    model: type
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # differ from the file, left as staff corrected them
    not_identified: int = 0  # rows the file itself marks as unknown (not stored)
    extra: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        with override("en"):
            return str(self.model._meta.verbose_name_plural)

    @property
    def changed(self) -> int:
        return self.created + self.updated


class KeyField(fields.Field):
    """A foreign key by natural key. Reads the related row from the widget's dictionary through
    the `<name>_id` attribute, so comparing, previewing and exporting a row costs no query."""

    def get_value(self, instance):
        if isinstance(instance, models.Model):
            pk = getattr(instance, f"{self.attribute}_id", None)
            return None if pk is None else self.widget.object_for_pk(pk)
        return super().get_value(instance)


def key_field(attribute: str, column: str, model, key: str = "code") -> KeyField:
    return KeyField(attribute=attribute, column_name=column, widget=KeyWidget(model, key))


def keys_field(attribute: str, column: str, model, key: str = "code") -> fields.Field:
    return fields.Field(attribute=attribute, column_name=column, widget=KeysWidget(model, key))


def choice_field(attribute: str, choices, column: str | None = None) -> fields.Field:
    """A column holding one of `choices` (its value or its label)."""
    return fields.Field(attribute=attribute, column_name=column or attribute, widget=ChoiceWidget(choices))


def certainty_field(attribute: str = "certainty") -> fields.Field:
    return choice_field(attribute, Certainty.choices)


def imprecise_field(attribute: str, column: str | None = None) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=column or attribute, widget=ImpreciseDateWidget())


class NaturalKeyLoader(BaseInstanceLoader):
    """Reads the table once and finds a row's instance by its natural key in a dictionary."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        resource.loader = self
        self.instances = {resource.instance_key(obj): obj for obj in resource.get_loader_queryset()}
        # The values the rows hold before the file changes them (the unique constraints).
        resource.constraint_index = UniqueIndex(resource._meta.model, self.instances.values())

    def get_instance(self, row):
        # import_row computed the key (None when a key cell is bad: the row's own validation
        # names it).
        key = self.resource.current_key
        return None if key is None else self.instances.get(key)


@dataclass
class PendingLink:
    """A row that points at a row of the same table that this file creates (a zone's parent,
    an organisation's partner): set once both exist."""

    instance: models.Model
    field: fields.Field
    key: str
    number: int
    row: dict
    row_result: RowResult | None = None
    target: models.Model | None = None


class ReadableDiff(resources.Diff):
    """A preview's cells: the value, or for a changed cell the old value struck through, an
    arrow and the new one ("900000,00 → 1000,50"), whole values rather than the characters that
    differ, and readable without colour."""

    def __init__(self, resource, instance, new):
        super().__init__(resource, instance, new)
        self.left = self.readable_values(resource, instance)
        self.left_values = self.compared_values(resource, instance)

    def compare_with(self, resource, instance):
        self.right = self.readable_values(resource, instance)
        self.right_values = self.compared_values(resource, instance)

    @staticmethod
    def compared_values(resource, instance) -> list:
        """The values themselves: 13.5000 stored and 13.5 in the file are equal, though they are
        written differently (the row is unchanged, so no cell may show a change)."""
        return [field.get_value(instance) for field in resource.get_import_fields()]

    @staticmethod
    def readable_values(resource, instance) -> list:
        """The exported values, a choice by its label too (the file holds the code)."""
        return [
            field.widget.readable(value) if isinstance(field.widget, ChoiceWidget) else value
            for field, value in ((field, field.export(instance)) for field in resource.get_import_fields())
        ]

    def as_html(self):
        cells = []
        equal_values = [a == b for a, b in zip(self.left_values, self.right_values, strict=False)]
        for before, after, equal in zip(self.left, self.right, equal_values, strict=False):
            before, after = force_str(before), force_str(after)
            if self.new:
                cells.append(escape(after))
            elif equal or before == after:
                cells.append(escape(before))
            elif not before:
                cells.append(format_html("<ins>{}</ins>", after))
            else:
                cells.append(format_html("<del>{}</del> → <ins>{}</ins>", before, after or "–"))
        return cells


class BatchResource(resources.ModelResource):
    """Base of our resources. Keyword arguments (admin, loader or job):

    - `create_new`: a reference table (`refuse_new_keys`) only adds rows with new keys when
      staff ask for it; an unknown key (a NIS code nobody knows) is an error otherwise.
    - `keep_changes`: rows that differ from the file are kept and counted, not overwritten
      (the reference loader without --overwrite keeps staff corrections).
    - `source`: the `source` of rows when the file has no source column.
    - `preview`: compute the per-row differences the admin shows (off for the loader and jobs).
    - `progress`: called with the number of rows read, now and then (background jobs).
    """

    #: A reference table: a key the database does not know is refused unless `create_new`.
    refuse_new_keys = False
    #: Names of fields that point at the same table (set after the rows they point at exist).
    self_links: tuple[str, ...] = ()
    #: The rows of the table this resource is about (two resources may share a table): what
    #: its imports match and its exports write.
    scope = models.Q()
    #: Columns the resource reads itself, beside its fields (the zones and figures of
    #: municipalities.csv).
    derived_columns: tuple[str, ...] = ()
    #: Columns of the department's files that this table does not read, on purpose (totals and
    #: names that other files hold). Any other column a field does not name refuses the file.
    ignored_columns: tuple[str, ...] = ()

    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "DateField": DayWidget,
        "TextField": widgets.CharWidget,
        "DecimalField": DecimalCellWidget,
        "IntegerField": IntegerCellWidget,
        "PositiveIntegerField": IntegerCellWidget,
        "PositiveSmallIntegerField": IntegerCellWidget,
        "SmallIntegerField": IntegerCellWidget,
        "BigIntegerField": IntegerCellWidget,
        # Yes or no in Dutch or English; any other text is a row error, never a silent "no".
        "BooleanField": YesNoWidget,
    }

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_bulk = True
        batch_size = None  # written in the write phase, in batches of WRITE_BATCH
        # import_row would deep-copy every instance to compare and preview it; `import_instance`
        # keeps what the comparison and the preview need instead (see `skip_row`).
        skip_diff = True
        instance_loader_class = NaturalKeyLoader

    def __init__(self, *, create_new=True, keep_changes=False, source=None, preview=True, progress=None):
        super().__init__()
        self.create_new = create_new or not self.refuse_new_keys
        self.keep_changes = keep_changes
        self.source = source
        self.preview = preview
        self.progress = progress
        self.counts = TableCounts(self._meta.model)
        self.loader = None
        self.user = None
        self.seen_keys: dict[tuple, int] = {}
        self.file_keys: set[str] = set()
        self.pending_links: list[PendingLink] = []
        self.pending_m2m: list[tuple] = []
        self.current_number = 0
        self.current_key = None
        self.current_instance = None
        self.current_before = None
        self.current_diff = None
        self.file_name = ""
        self.constraint_index = None

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        """An imprecise date is read by its own reader ("2027-mid", "2023-09"; anything else is
        a row error naming the forms). WIDGETS_MAP cannot say so: its internal type is a
        CharField's."""
        if isinstance(django_field, ImpreciseDateField) and field_name not in (cls._meta.widgets or {}):
            return fields.Field(
                attribute=field_name,
                column_name=field_name,
                widget=ImpreciseDateWidget(),
                readonly=readonly,
                default=django_field.default,
            )
        return super().field_from_django_field(field_name, django_field, readonly)

    # --- natural keys -------------------------------------------------------------------

    def key_fields(self):
        if not hasattr(self, "cached_key_fields"):
            self.cached_key_fields = [self.fields[name] for name in self.get_import_id_fields()]
        return self.cached_key_fields

    @classmethod
    def get_display_name(cls):
        """The table's name as staff read it (the export's choice of table and its messages),
        not the class name: the Meta's name, else the model's plural name."""
        name = getattr(cls._meta, "name", None)
        if name:
            return name
        return capfirst(cls._meta.model._meta.verbose_name_plural) if cls._meta.model else cls.__name__

    def required_fields(self):
        """The columns a file must have: the key, and every column of a value the table cannot
        store empty (a model field without null, blank or a default). Without them every row
        would fail, or be stored without the value."""
        required = list(self.key_fields())
        for column in self.get_import_fields():
            try:
                model_field = self._meta.model._meta.get_field(column.attribute)
            except (FieldDoesNotExist, TypeError):
                continue  # a column computed by the resource itself
            if column not in required and not (
                model_field.null or model_field.blank or model_field.has_default() or model_field.auto_created
            ):
                required.append(column)
        return required

    def get_import_fields(self):
        # Asked several times per row; the fields do not change during an import.
        if not hasattr(self, "cached_import_fields"):
            self.cached_import_fields = super().get_import_fields()
        return self.cached_import_fields

    def instance_key(self, obj) -> tuple:
        return tuple(
            getattr(obj, f"{f.attribute}_id") if isinstance(f, KeyField) else getattr(obj, f.attribute)
            for f in self.key_fields()
        )

    def row_key(self, row) -> tuple:
        """The natural key of a row (raises ValueError or ValidationError on a bad cell)."""
        key = []
        for f in self.key_fields():
            value = f.clean(row)
            key.append(value.pk if isinstance(f, KeyField) and value is not None else value)
        return tuple(key)

    def get_loader_queryset(self):
        m2m = [f.attribute for f in self.fields.values() if isinstance(f.widget, KeysWidget)]
        return self.get_queryset().prefetch_related(*m2m)

    def key_field_widgets(self):
        return [f.widget for f in self.fields.values() if isinstance(f.widget, KeyLookup)]

    # --- the import ---------------------------------------------------------------------

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=True,
        **kwargs,
    ):
        """Read every row, then write all of them or none (see the module docstring)."""
        user = kwargs.get("user")
        self.user = user if getattr(user, "is_authenticated", False) else None
        self.file_name = kwargs.get("file_name") or ""
        for widget in self.key_field_widgets():
            widget.forget()  # another import may have added related rows since
        problem = self.dataset_problem(dataset)
        if problem:
            return self.refused(problem)
        result = self.import_data_inner(dataset, dry_run, raise_errors, False, collect_failed_rows, **kwargs)
        self.resolve_links(result)
        self.name_error_columns(result)
        if result.has_errors() or result.has_validation_errors():
            return result
        with transaction.atomic():
            # A dry run writes the rows (the database checks them too) but no history.
            written = self.write_or_refuse(result, history=not dry_run, raise_errors=raise_errors)
            if dry_run:
                transaction.set_rollback(True)
            elif written and (self.create_instances or self.update_instances or self.pending_m2m):
                dataversion.bump()  # bulk writes send no save signal: the registry changed
        return result

    def write_or_refuse(self, result, *, history: bool, raise_errors: bool = False) -> bool:
        """Write the rows read (`write`, in a savepoint); a refusal by the database writes
        nothing and becomes an error of the file, in the words of the constraint it names."""
        try:
            with transaction.atomic():
                self.write(history=history)
        except (DatabaseError, ValidationError) as error:
            if raise_errors:
                raise
            reason = refusal_reason(self._meta.model, error)
            result.append_base_error(Error(ImportFileError(_("The database refused the rows: %s") % reason)))
            return False
        return True

    def refused(self, message: str) -> Result:
        result = self.get_result_class()()
        result.diff_headers = self.get_diff_headers()
        result.append_base_error(Error(ImportFileError(message)))
        return result

    def dataset_problem(self, dataset) -> str | None:
        """Why the file cannot be read as this table at all: too many rows, or columns named
        twice, missing or unknown."""
        limit = settings.NPZ_IMPORT_MAX_ROWS
        if len(dataset) > limit:
            return _(
                "The file has %(rows)s rows; an import takes at most %(limit)s. Split the file and "
                "import the parts one after the other."
            ) % {"rows": len(dataset), "limit": limit}
        headers = self.as_column_names([cell_text(header) for header in dataset.headers or []])
        dataset.headers = headers
        problem = self.column_problem(headers)
        if problem:
            return problem
        if not len(dataset):
            return _("The file has a header but no rows: there is nothing to import.")
        key_column = self.key_fields()[0].column_name
        self.file_keys = {cell_text(value) for value in dataset[key_column]}
        return None

    def expected_columns(self) -> list[str]:
        """The columns an import reads: the table's, then those the resource reads itself."""
        return [*(f.column_name for f in self.get_import_fields()), *self.derived_columns]

    def column_problem(self, headers: list[str]) -> str | None:
        """Why the file's columns do not fit this table: a column named twice, a column it must
        have and lacks, or a column it does not know (a typing error such as "populatoin" would
        leave that column's values unread, and the preview would show nothing changed)."""
        twice = twice_named(headers)
        if twice:
            # A row would keep only the last of the two cells, whichever staff meant.
            return _("The file names the column(s) %(columns)s more than once. Keep one column of each.") % {
                "columns": ", ".join(twice)
            }
        expected = ", ".join(self.expected_columns())
        missing = [f.column_name for f in self.required_fields() if f.column_name not in headers]
        if missing:
            return _(
                "The file lacks the column(s) %(missing)s. Expected columns: %(expected)s. "
                "Found: %(found)s. Use the column names of an export of this table."
            ) % {
                "missing": ", ".join(missing),
                "expected": expected,
                "found": ", ".join(headers) or _("none"),
            }
        known = {*(f.column_name for f in self.fields.values()), *self.derived_columns, *self.ignored_columns}
        unknown = [header for header in headers if header and header not in known]
        if unknown:
            return _(
                "The file has the column(s) %(unknown)s, which this table does not know. Expected "
                "columns: %(expected)s. Correct their names or remove them (and check that you "
                "chose the right table): nothing was saved."
            ) % {"unknown": ", ".join(unknown), "expected": expected}
        return None

    def import_row(self, row, instance_loader, **kwargs):
        if is_blank_row(row):
            # Kept by the file readers so that the rows after it keep their numbers; counted as
            # nothing (a result without an import type) and not previewed.
            return self.get_row_result_class()()
        number = kwargs["row_number"]
        for column, value in row.items():
            row[column] = unescape_formula(value)
        try:
            self.current_key = self.row_key(row)
        except (ValueError, ValidationError):
            self.current_key = None
        refusal = self.row_refusal(number, row, instance_loader)
        if refusal:
            row_result = self.get_row_result_class()()
            row_result.import_type = RowResult.IMPORT_TYPE_INVALID
            row_result.validation_error = refusal
            return row_result
        self.current_number = number
        row_result = super().import_row(row, instance_loader, **kwargs)
        for link in self.pending_links:
            if link.number == number:
                link.row_result = row_result
        if self.progress and number % 250 == 0:
            self.progress(number)
        return row_result

    def row_refusal(self, number, row, instance_loader) -> ValidationError | None:
        """A key seen before in this file, or a new key in a reference table."""
        key = self.current_key
        if key is None:
            return None  # the row's own validation names the bad value
        first_field = self.key_fields()[0]
        if key in self.seen_keys:
            return ValidationError(
                {
                    first_field.attribute: _("Rows %(first)s and %(second)s have the same key (%(key)s).")
                    % {
                        "first": spreadsheet_row(self.seen_keys[key]),
                        "second": spreadsheet_row(number),
                        "key": self.key_text(row),
                    }
                }
            )
        self.seen_keys[key] = number
        if not self.create_new and key not in instance_loader.instances:
            return ValidationError(
                {
                    first_field.attribute: _(
                        "%(key)s is not in the table. Tick “Add rows with new keys” to add it."
                    )
                    % {"key": self.key_text(row)}
                }
            )
        return None

    def key_text(self, row) -> str:
        return ", ".join(f"{f.column_name} {cell_text(row.get(f.column_name))}" for f in self.key_fields())

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute in self.self_links and self.link_later(field, instance, row):
            return
        try:
            super().import_field(field, instance, row, is_m2m, **kwargs)
        except (ArithmeticError, TypeError) as error:
            value = row.get(field.column_name)
            raise ValueError(_("%(value)s is not a valid value.") % {"value": value}) from error

    def link_later(self, field, instance, row) -> bool:
        """A link to a row of this file that is not in the database yet waits for the write."""
        key = cell_text(row.get(field.column_name))
        if not key or field.widget.lookup(key) is not None or key not in self.file_keys:
            return False
        self.pending_links.append(PendingLink(instance, field, key, self.current_number, dict(row)))
        return True

    def import_instance(self, instance, row, **kwargs):
        # Before the row's values are set: what the row changes is compared with this.
        self.current_instance = instance
        self.current_before = None if instance.pk is None else self.compared_values(instance, row)
        self.current_diff = ReadableDiff(self, instance, instance.pk is None) if self.preview else None
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self.fill_defaults(instance, row)
        for f in self.get_import_fields():
            # Many-to-many cells are applied at the write; their keys are checked here.
            if isinstance(f.widget, KeysWidget) and f.column_name in row:
                try:
                    f.clean(row)
                except ValueError as error:
                    errors[f.attribute] = [ValidationError(str(error), code="invalid")]
        if errors:
            raise ValidationError(errors)

    def compared_values(self, instance, row, after=False) -> list:
        values = []
        for f in self.get_import_fields():
            if isinstance(f.widget, KeysWidget):
                if f.column_name in row:
                    related = f.clean(row) if after else f.get_value(instance).all()
                    values.append(sorted(obj.pk for obj in related))
            else:
                values.append(f.get_value(instance))
        return values

    def fill_defaults(self, instance, row):
        # Empty XLSX cells arrive as None: a text column stores "" (never NULL).
        for model_field in instance._meta.concrete_fields:
            if (
                isinstance(model_field, (models.CharField, models.TextField))
                and not model_field.null
                and getattr(instance, model_field.attname) is None
            ):
                setattr(instance, model_field.attname, "")
        if self.source is not None and "source" not in row and hasattr(instance, "source"):
            instance.source = self.source
        fill_sort_dates(instance)  # bulk writes skip save()

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Skip an existing row the file does not change, or (keep_changes) one staff changed."""
        if import_validation_errors or self.current_before is None:
            return False
        if any(link.instance is instance for link in self.pending_links):
            return False
        if self.compared_values(instance, row, after=True) == self.current_before:
            self.counts.unchanged += 1
            return True
        if self.keep_changes:
            self.counts.kept += 1
            return True
        return False

    def after_import_row(self, row, row_result, **kwargs):
        if self.current_diff is not None and row_result.import_type != RowResult.IMPORT_TYPE_INVALID:
            self.current_diff.compare_with(self, self.current_instance)
            row_result.diff = self.current_diff.as_html()
        self.current_diff = None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        relations = [f for f in instance._meta.concrete_fields if f.is_relation]
        linked = {link.field.attribute for link in self.pending_links if link.instance is instance}
        for relation in relations:
            missing = not relation.null and getattr(instance, relation.attname) is None
            if missing and relation.name not in errors and relation.name not in linked:
                errors[relation.name] = [relation.error_messages["null"]]
        exclude = [*errors, *(f.name for f in relations)]
        try:
            if errors:
                # The model's own rules (clean) would only repeat the missing value in other words.
                instance.clean_fields(exclude=exclude)
            else:
                # Foreign keys come from the dictionaries (they exist); uniqueness is checked over
                # the file in `unique_problem`; constraints below, without Django's query each.
                instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # The table's CHECK and unique constraints, read in Python: the row and the column are
        # named, in the constraint's own words, instead of the database refusing the whole file
        # at the write.
        add_errors(errors, constraint_errors(instance, {*errors, *linked}))
        if self.constraint_index is None:  # validated outside an import
            self.constraint_index = UniqueIndex(self._meta.model, [])
        add_errors(errors, self.constraint_index.errors(instance, {*errors, *linked}))
        errors.update(self.unique_problem(instance))
        if errors:
            raise ValidationError(errors)
        self.constraint_index.add(instance)  # a refused row will not be written: it holds nothing

    def unique_problem(self, instance) -> dict:
        """Single-field unique values (other than the key) taken by another row of the table or file."""
        problems = {}
        if not hasattr(self, "unique_index"):
            self.unique_index = self.build_unique_index()
        for name, taken in self.unique_index.items():
            value = getattr(instance, name)
            if value in (None, ""):
                continue
            other = taken.get(value)
            if other is not None and other is not instance and (other.pk is None or other.pk != instance.pk):
                problems[name] = [_("%(value)s is already used by another row.") % {"value": value}]
            else:
                taken[value] = instance
        return problems

    def build_unique_index(self) -> dict:
        key_attributes = {f.attribute for f in self.key_fields()}
        names = [
            f.name
            for f in self._meta.model._meta.concrete_fields
            if f.unique and not f.primary_key and f.name not in key_attributes
        ]
        existing = self.loader.instances.values() if self.loader else []
        return {name: {getattr(obj, name): obj for obj in existing} for name in names}

    def save_instance(self, instance, is_create, row, **kwargs):
        if is_create:
            self.counts.created += 1
        else:
            self.counts.updated += 1
        super().save_instance(instance, is_create, row, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        for f in self.get_import_fields():
            if isinstance(f.widget, KeysWidget) and f.column_name in row:
                self.pending_m2m.append((instance, f.attribute, f.clean(row)))

    def bulk_create(self, *args, **kwargs):
        """Deferred to `write()`: nothing is written before every row has been read."""

    def bulk_update(self, *args, **kwargs):
        """Deferred to `write()`."""

    def bulk_delete(self, *args, **kwargs):
        """Deferred to `write()` (our imports never delete)."""

    def as_column_names(self, headers: list[str]) -> list[str]:
        """The file's headings as the columns they name: a column's name in any case
        ("NIS_CODE"), or its name as the preview shows it, in Dutch or English ("Bedrag (EUR)",
        "Amount (EUR)"). Other headings stay as they are (the missing columns are named)."""
        names = {}
        for language in ("nl-be", "en"):
            with override(language):
                for field in self.get_import_fields():
                    names.setdefault(self.column_label(field).casefold(), field.column_name)
        names |= {field.column_name.casefold(): field.column_name for field in self.get_import_fields()}
        return [names.get(header.casefold(), header) for header in headers]

    def after_import(self, dataset, result, **kwargs):
        """Nothing to do after the read phase: our files never carry primary keys, so there is
        no sequence to reset."""

    def column_labels(self) -> list[tuple[str, str]]:
        """The preview's column headings: (the Dutch name, the file's column name), in the order
        of `get_diff_headers()`."""
        return [(self.column_label(f), f.column_name) for f in self.get_import_fields()]

    def column_label(self, resource_field) -> str:
        """The name of a column in the active language (the model field's verbose name)."""
        try:
            model_field = self._meta.model._meta.get_field(resource_field.attribute)
        except FieldDoesNotExist:
            return resource_field.column_name
        return capfirst(str(model_field.verbose_name))

    # --- after the read phase -----------------------------------------------------------

    def resolve_links(self, result):
        """Point the waiting links at the rows this file creates and validate them."""
        by_key = {}
        for instance in self.create_instances + self.update_instances:
            key_field_ = self.key_fields()[0]
            by_key[cell_text(getattr(instance, key_field_.attribute))] = instance
        for link in self.pending_links:
            target = by_key.get(link.key)
            if target is None:
                continue  # the target row failed; its own error is listed
            link.target = target
            setattr(link.instance, link.field.attribute, target)
            try:
                self.validate_instance(link.instance)
            except ValidationError as error:
                result.append_invalid_row(link.number, link.row, error)

    def name_error_columns(self, result):
        """Row errors name the file's column (nis_code), not the model's attribute."""
        columns = {f.attribute: f.column_name for f in self.get_import_fields()}
        for invalid in result.invalid_rows:
            invalid.error_dict = {
                (key if key == NON_FIELD_ERRORS else columns.get(key, key)): messages
                for key, messages in invalid.error_dict.items()
            }

    # --- the write phase ----------------------------------------------------------------

    def write(self, history=True):
        """Create, update and link every row in bulk, with one history row per row written
        (inside a transaction). New rows get theirs once their links are set."""
        model = self._meta.model
        self.write_history = history and hasattr(model._meta, "simple_history_manager_attribute")
        links_of_created = [link for link in self.pending_links if link.instance.pk is None]
        for link in links_of_created:
            setattr(link.instance, link.field.attribute, None)
        if self.create_instances:
            self.bulk_write(self.create_instances, history=False)
        for link in self.pending_links:
            setattr(link.instance, link.field.attribute, link.target)
        if self.update_instances:
            self.bulk_write(self.update_instances, fields=self.update_field_names())
        linked = list({id(link.instance): link.instance for link in links_of_created}.values())
        if linked:
            self.bulk_write(
                linked, fields=[*{link.field.attribute for link in links_of_created}], history=False
            )
        if self.create_instances and self.write_history:
            from simple_history.utils import get_history_manager_for_model

            history = get_history_manager_for_model(model)
            history.bulk_history_create(self.create_instances, batch_size=WRITE_BATCH, **self.history_of())
        self.write_m2m(model)

    def history_of(self) -> dict:
        """Who and why, for the history rows of this import."""
        reason = _("import %(file)s") % {"file": self.file_name} if self.file_name else _("import")
        return {"default_user": self.user, "default_change_reason": acting_reason(reason)}

    def bulk_write(self, instances, fields=None, history=True):
        """Create `instances` (`fields` None) or update their `fields`, with history rows when
        `history` (and the import writes history)."""
        from simple_history.utils import bulk_update_with_history

        model = self._meta.model
        if fields is None:
            model._default_manager.bulk_create(instances, batch_size=WRITE_BATCH)
            return
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            now = timezone.now()
            for instance in instances:
                instance.updated_at = now
            fields = [*fields, "updated_at"]
        if history and self.write_history:
            bulk_update_with_history(instances, model, fields, batch_size=WRITE_BATCH, **self.history_of())
        else:
            model._default_manager.bulk_update(instances, fields, batch_size=WRITE_BATCH)

    def update_field_names(self) -> list[str]:
        concrete = {f.name for f in self._meta.model._meta.concrete_fields}
        names = [f.attribute for f in self.get_import_fields() if f.attribute in concrete and not f.readonly]
        if self.source is not None and "source" in concrete:
            names.append("source")
        names += [f"{name}_sort" for name in names if f"{name}_sort" in concrete]
        return sorted(set(names))

    def write_m2m(self, model):
        by_attribute = defaultdict(dict)
        for instance, attribute, related in self.pending_m2m:
            by_attribute[attribute][instance.pk] = related
        for attribute, wanted in by_attribute.items():
            descriptor = getattr(model, attribute)
            through = descriptor.through
            source_name = descriptor.field.m2m_field_name()
            target_name = descriptor.field.m2m_reverse_field_name()
            through.objects.filter(**{f"{source_name}_id__in": list(wanted)}).delete()
            through.objects.bulk_create(
                [
                    through(**{f"{source_name}_id": pk, f"{target_name}_id": obj.pk})
                    for pk, objects in wanted.items()
                    for obj in objects
                ],
                batch_size=WRITE_BATCH,
            )

    # --- export -------------------------------------------------------------------------

    def get_queryset(self):
        return super().get_queryset().filter(self.scope)

    def filter_export(self, queryset, **kwargs):
        queryset = queryset.filter(self.scope)
        many = [f.attribute for f in self.fields.values() if isinstance(f.widget, KeysWidget)]
        return queryset.prefetch_related(*many) if many else queryset

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if isinstance(field.widget, widgets.NumberWidget):
            return value
        return escape_formula(value)


def add_errors(errors: dict, more: dict) -> None:
    """Add the errors `more` to `errors`, without a message a field already has (a model's
    clean() and its constraint may say the same)."""
    for name, problems in more.items():
        said = set(ValidationError(errors.get(name, [])).messages)
        errors.setdefault(name, []).extend(p for p in problems if not set(p.messages) <= said)


def spreadsheet_row(number: int) -> int:
    """The row a data row (1 = the first after the heading) has in the spreadsheet, where the
    heading is row 1: what staff find in Excel, and what the file's own messages count."""
    return number + 1


def derived_totals(resource) -> list[dict]:
    """What an import did to the other tables its file brings rows of (the zone memberships
    and figures on the lines of municipalities.csv: `derived_counts` of
    networks.resources.MunicipalityFileResource), per table; stored as is on a job."""
    return [
        {
            "table": str(counts.model._meta.verbose_name_plural),
            "new": counts.created,
            "update": counts.updated,
            "skip": counts.unchanged + counts.kept,
        }
        for counts in getattr(resource, "derived_counts", [])
    ]


def derived_summary(totals: list[dict]) -> str:
    """The sentence the preview, the result message and a job's page add for `derived_totals`
    (without it, a file that changes only figures would read "0 changed")."""
    if not totals:
        return ""
    tables = "; ".join(
        _("%(table)s: %(new)s new, %(update)s changed, %(skip)s unchanged") % table for table in totals
    )
    return _("Rows of other tables in the same file: %(tables)s.") % {"tables": tables}


def result_errors(result) -> list[dict]:
    """Every error of an import: {"row": its row in the spreadsheet or None (the file), "column",
    "value", "message"}."""
    errors = [{"row": None, "column": "", "value": "", "message": str(e.error)} for e in result.base_errors]
    for invalid in result.invalid_rows:
        values = dict(zip(result.diff_headers, invalid.values, strict=False))
        for column, messages in invalid.error_dict.items():
            column = "" if column == NON_FIELD_ERRORS else column
            value = cell_text(values.get(column)) if column else ""
            row = spreadsheet_row(invalid.number)
            errors.extend(
                {"row": row, "column": column, "value": value, "message": str(message)}
                for message in messages
            )
    for number, row_errors in result.row_errors():
        errors.extend(
            {"row": spreadsheet_row(number), "column": "", "value": "", "message": str(e.error)}
            for e in row_errors
        )
    return errors
