"""Admin pieces shared by the apps: the back office's site, where every model admin refuses
numbers out of range; history pages that read as people read; statuses the admin never writes,
status histories that are only added to through their service, and service refusals shown as
messages."""

import functools
import hashlib
import types
from datetime import MAXYEAR, MINYEAR

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import NestedObjects, quote, unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, router
from django.db.models.constants import LOOKUP_SEP
from django.http import Http404, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from npz_registry import concurrency
from npz_registry.forms import (
    AdminLoginForm,
    BoundedModelMultipleChoiceField,
    WrittenDecimalField,
    WrittenIntegerField,
)
from npz_registry.history import unchanged_in_database, with_changes
from npz_registry.limits import fits_field
from npz_registry.status_changes import status_change_refusal, status_change_undo, undo_refusal

#: A lookup on the year of a date (`due_date__year=`) compares with the days of that year: a year
#: datetime cannot hold is refused before, and so is its last year, whose next year the date
#: hierarchy would link to.
A_DATES_YEAR = models.IntegerField(validators=[MinValueValidator(MINYEAR), MaxValueValidator(MAXYEAR - 1)])


def compared_field(model, lookup: str):
    """The field a changelist lookup compares its value with: `network` and `network__id__exact`
    compare with the network's key, `service_areas__zone__in` with the zone's, `effective_date__year`
    with an integer (the year); None when the lookup names no field (the parameter of a custom
    filter such as `as_of`)."""
    field, opts = None, model._meta
    for part in lookup.split(LOOKUP_SEP):
        if opts is not None:
            try:
                field = opts.pk if part == "pk" else opts.get_field(part)
            except FieldDoesNotExist:
                opts = None
            else:
                related = field.related_model if field.is_relation else None
                opts = related._meta if related is not None and related != "self" else None
                continue
        transform = field.get_transform(part) if hasattr(field, "get_transform") else None
        output = getattr(transform, "output_field", None)
        if not isinstance(output, models.Field):
            break
        field = A_DATES_YEAR if part in ("year", "iso_year") else output
    return field


class WrittenNumbersMixin:
    """An admin or inline whose number fields take numbers as typed in Belgium (every admin on
    RegistryAdminSite and its inlines get it)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """Numbers as typed in Belgium, as in the portal and the imports: decimals
        ("1.000.000,50", where the admin's own field took only "1000000.50") and whole numbers
        ("274.500"), in a text input (a number input refuses the dots). Not a primary key (an
        AutoField is an IntegerField too) nor a field with choices, which keeps its select."""
        if db_field.choices or db_field.primary_key:
            return super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.DecimalField):
            kwargs.setdefault("form_class", WrittenDecimalField)
        elif isinstance(db_field, models.IntegerField):
            kwargs.setdefault("form_class", WrittenIntegerField)
            wide = isinstance(db_field, models.BigIntegerField | models.PositiveBigIntegerField)
            kwargs.setdefault(
                "widget", forms.TextInput(attrs={"class": "vBigIntegerField" if wide else "vIntegerField"})
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class BoundedInputMixin(WrittenNumbersMixin):
    """Bad numbers get a 400 or a message in every admin, never an OverflowError: a list filter
    or lookup (`?network=99999999999999999999`, `?period=`, `?zone__in=`) whose value its column
    cannot hold is refused (`lookup_allowed` False: Django answers 400), an action on selected
    rows with such a key does nothing, and many-to-many fields check their values first."""

    def lookup_allowed(self, lookup, value, request=None):
        field = compared_field(self.model, lookup)
        values = str(value).split(",") if lookup.endswith(LOOKUP_SEP + "in") else [value]
        if field is not None and not all(fits_field(field, item) for item in values):
            return False
        return super().lookup_allowed(lookup, value, request)

    def response_action(self, request, queryset):
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
        if not all(fits_field(self.model._meta.pk, pk) for pk in selected):
            self.message_user(request, gettext("No such rows: nothing was changed."), messages.WARNING)
            return None
        return super().response_action(request, queryset)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", BoundedModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class LinkDeferringCollector(NestedObjects):
    """NestedObjects that leaves the rows of many-to-many link tables (auto-created, never
    registered in the admin, nothing refers to them) for later: they block nothing and need no
    permission, so they only add to the counts of a deletion that goes ahead (`count_links`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.deferred_links = []

    def related_objects(self, related_model, related_fields, objs):
        rows = super().related_objects(related_model, related_fields, objs)
        if not related_model._meta.auto_created:
            return rows
        self.model_objs[related_model]  # noqa: B018 - keeps the kind in the order found
        self.deferred_links.append(rows)
        return rows.none()

    def count_links(self) -> None:
        """Read the deferred link rows into `model_objs`: one query per link table reached."""
        for rows in self.deferred_links:
            self.model_objs[rows.model].update(rows)


class PageRows:
    """A list page's rows, read from the database only when something goes through them.

    Django's change list asks how many rows the page shows on every request (the actions bar's
    "0 of 50 selected"), which reads the rows and their prefetched relations, also when the
    rows come rendered from the kept fragment (templates/admin/change_list.html). The number
    here comes from the count the list reads anyway; the rows are read when iterated."""

    def __init__(self, rows, count: int):
        self._rows, self._count = rows, count

    def __len__(self) -> int:
        return self._count

    def __iter__(self):
        return iter(self._rows)

    def __getattr__(self, name):
        """The queryset's own attributes (``model``, ``query``, ``count()``...)."""
        if name.startswith("_"):  # not set yet (a copy being made): no queryset to ask
            raise AttributeError(name)
        return getattr(self._rows, name)


def shows_every_row(changelist) -> bool:
    """Whether a change list's rows are all the rows it could show: no filter, search or date
    narrows them (the same conditions as its unfiltered rows, and no DISTINCT added)."""
    shown, every = changelist.queryset.query, changelist.root_queryset.query
    return shown.where == every.where and shown.distinct == every.distinct


def counted_once(queryset):
    """`queryset.count` that asks the database the first time only (a method without arguments,
    as Django's Paginator wants it)."""
    counted = []

    def count(rows):
        if not counted:
            counted.append(type(rows).count(rows))
        return counted[0]

    return types.MethodType(count, queryset)


class CountedRowsMixin:
    """A change list whose page of rows is read only when rendered (PageRows), and that counts
    its rows once when nothing narrows them (Django counts the rows shown and all rows apart,
    for "5 results (50 total)"). Not for a list edited in place: its formset needs the rows as a
    queryset."""

    def get_changelist(self, request, **kwargs):
        base = super().get_changelist(request, **kwargs)

        class CountedRowsChangeList(base):
            def get_results(self, request):
                if shows_every_row(self):
                    self.queryset.count = self.root_queryset.count = counted_once(self.queryset)
                super().get_results(request)
                if self.list_editable:
                    return
                if (self.show_all and self.can_show_all) or not self.multi_page:
                    count = self.result_count
                else:
                    page = self.paginator.page(self.page_num)
                    count = page.end_index() - page.start_index() + 1
                self.result_list = PageRows(self.result_list, count)

        return CountedRowsChangeList


class CountedDeleteMixin:
    """The delete confirmation names the rows chosen and counts what goes with them per kind
    (the summary above the list), instead of naming every related row: a zone or a network has
    thousands of them at the department's scale, and naming each would read its relations one
    query at a time. Protected rows are counted per kind too. The same rows are deleted. The
    rows of many-to-many link tables are read only when nothing blocks the deletion: the page
    shows their count only then."""

    def get_deleted_objects(self, objs, request):
        objs = list(objs)
        if not objs:
            return [], {}, set(), []
        collector = LinkDeferringCollector(using=router.db_for_write(objs[0]._meta.model), origin=objs)
        collector.collect(objs)
        perms_needed = set()
        for model, rows in collector.model_objs.items():
            if rows and self.admin_site.is_registered(model):
                model_admin = self.admin_site.get_model_admin(model)
                if not model_admin.has_delete_permission(request, next(iter(rows))):
                    perms_needed.add(model._meta.verbose_name)
        if not perms_needed and not collector.protected:
            collector.count_links()
        model_count = {
            model._meta.verbose_name_plural: len(rows) for model, rows in collector.model_objs.items() if rows
        }
        protected = {}
        for obj in collector.protected:
            protected[obj._meta.verbose_name_plural] = protected.get(obj._meta.verbose_name_plural, 0) + 1
        protected_lines = [f"{capfirst(name)}: {count}" for name, count in protected.items()]
        if isinstance(self, KeptWhileInUseMixin):
            protected_lines += self.kept_lines(objs, collector.model_objs)
        related = sum(model_count.values()) - len(objs)
        to_delete = [self.deleted_object_link(obj) for obj in objs]
        if related:
            to_delete.append(
                ngettext(
                    "and %(count)d related row, counted per kind above",
                    "and %(count)d related rows, counted per kind above",
                    related,
                )
                % {"count": related}
            )
        return to_delete, model_count, perms_needed, protected_lines

    def deleted_object_link(self, obj):
        opts = obj._meta
        try:
            url = reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)]
            )
        except NoReverseMatch:
            return f"{capfirst(opts.verbose_name)}: {obj}"
        return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, obj)


class KeptWhileInUseMixin:
    """Rows that other figures are computed from stay while they are: the delete page lists them
    as protected (CountedDeleteMixin asks `kept_lines`, as Django does for a protected link)
    with the reason, and deletes nothing. `in_use(objs, collected)`: those of `objs` in use,
    from the rows the deletion would take with them (`collected`: model -> rows, no query);
    `in_use_reason`: why they stay (`reason_for` when it depends on the row)."""

    in_use_reason = ""

    def in_use(self, objs, collected) -> list:
        raise NotImplementedError

    def reason_for(self, obj, collected) -> str:
        return self.in_use_reason

    def kept_lines(self, objs, collected) -> list[str]:
        return [
            f"{capfirst(str(obj))}: {self.reason_for(obj, collected)}" for obj in self.in_use(objs, collected)
        ]


class RegistryAdminSite(admin.AdminSite):
    """The back office. Every model admin registered here gets BoundedInputMixin,
    CountedDeleteMixin and CountedRowsMixin, whoever wrote it (ours, django.contrib.auth's,
    django-axes'), so a new admin is covered without a line."""

    login_form = AdminLoginForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._app_lists = {}

    def get_app_list(self, request, app_label=None):
        """Django's list of apps and models the reader may open, built once per set of rights,
        language and app in this process instead of on every page (twice on the index): the
        models, their names and addresses depend on nothing else. Read-only for its callers."""
        key = (translation.get_language(), app_label, rights_signature(request.user))
        found = self._app_lists.get(key)
        if found is None:
            found = super().get_app_list(request, app_label)
            if len(self._app_lists) >= 1000:
                self._app_lists.clear()
            self._app_lists[key] = found
        return found

    def each_context(self, request):
        """The sidebar (templates/admin/nav_sidebar.html) is kept per rights, language and the
        model whose pages are open (`nav_key`): the part of the address it marks as current."""
        context = super().each_context(request)
        model_path = "/".join(request.path.split("/")[:4])
        context["nav_key"] = f"{rights_signature(request.user)}:{model_path}"
        return context

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        missing = tuple(
            mixin
            for mixin in (BoundedInputMixin, CountedDeleteMixin, CountedRowsMixin)
            if not issubclass(admin_class, mixin)
        )
        inlines = [with_written_numbers(inline) for inline in admin_class.inlines]
        if missing or inlines != list(admin_class.inlines):
            admin_class = type(
                admin_class.__name__,
                (*missing, admin_class),
                {"__module__": admin_class.__module__, "inlines": inlines},
            )
        super().register(model_or_iterable, admin_class, **options)


def with_written_numbers(inline):
    """The inline class, taking numbers as typed in Belgium (WrittenNumbersMixin), as its admin."""
    if issubclass(inline, WrittenNumbersMixin):
        return inline
    return type(inline.__name__, (WrittenNumbersMixin, inline), {"__module__": inline.__module__})


def rights_signature(user) -> str:
    """A short text that is the same for two users exactly when the back office lets them open
    the same things: a superuser's, or a hash of the active staff member's permissions (read by
    the admin's checks anyway, and kept on the user for the request)."""
    if user.is_active and user.is_superuser:
        return "superuser"
    if not (user.is_active and user.is_staff):
        return "none"
    permissions = "\n".join(sorted(user.get_all_permissions()))
    return hashlib.sha256(permissions.encode()).hexdigest()[:32]


class KnownAutocompleteSelect(AutocompleteSelect):
    """An autocomplete select that labels its chosen row from the row already read with the
    inline's rows (`known`, filled by KnownRelationsInline) instead of one query per row."""

    known: dict = {}

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if not selected or not selected <= set(self.known):
            return super().optgroups(name, value, attr)
        default = (None, [], 0)
        if not self.is_required and not self.allow_multiple_selected:
            default[1].append(self.create_option(name, "", "", False, 0))
        for key in sorted(selected):
            label = self.choices.field.label_from_instance(self.known[key])
            default[1].append(self.create_option(name, key, label, selected, len(default[1])))
        return [default]


class KnownRelationsInline(admin.TabularInline):
    """An inline that reads its rows with the relations they show (`select_related`: their
    names, the autocomplete fields' labels) in the same query, whatever the number of rows."""

    select_related: tuple = ()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.select_related)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        base = super().get_formset(request, obj, **kwargs)

        class KnownRelationsFormSet(base):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                for name, field in form.fields.items():
                    widget = getattr(field.widget, "widget", field.widget)
                    if isinstance(widget, KnownAutocompleteSelect):
                        widget.known = known_relation(form.instance, name)

        return KnownRelationsFormSet


def known_relation(instance, name: str) -> dict:
    """{key: row} of the row `instance.<name>` points at when it was read already, or {}."""
    field = instance._meta.get_field(name)
    if not field.is_cached(instance):
        return {}
    related = getattr(instance, name)
    return {} if related is None else {str(related.pk): related}


#: What staff read when the database refuses a save that the checks before it let through
#: (another user saved a conflicting row at the same moment), by constraint name.
CONSTRAINT_MESSAGES = {
    "service_area_zone_no_overlap": _(
        "Another service area of this zone overlaps this period: a zone is served by at most one network "
        "on any day. Someone may have saved it just now: check the zone's service areas and try again."
    ),
}


def refusal_message(error: Exception) -> str:
    """A message for staff from a refusal found while saving: the service's reason, or what a
    known database constraint means."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    for constraint, message in CONSTRAINT_MESSAGES.items():
        if constraint in str(error):
            return str(message)
    return gettext("The change conflicts with data saved in the meantime: nothing was saved. Try again.")


#: Rows per page of the back office's lists: half Django's 100. Rendering the rows is most of a
#: list's time (about 0.4 ms per row); search, filters and "show all" find the rest.
LIST_PER_PAGE = 50


class ServiceSavedAdmin(admin.ModelAdmin):
    """An admin whose saves go through services. The forms ask the services' rules first; a
    refusal that shows only while saving (someone saved a conflicting row at the same moment)
    becomes a message on the form instead of a server error, and nothing is saved."""

    list_per_page = LIST_PER_PAGE

    def changeform_view(self, request, *args, **kwargs):
        return self.refusals_as_messages(super().changeform_view, request, *args, **kwargs)

    def history_form_view(self, request, *args, **kwargs):
        """django-simple-history's revert saves through `save_model` too."""
        return self.refusals_as_messages(super().history_form_view, request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        """A deletion the service refuses (`delete_model`) is a message on the page."""
        return self.refusals_as_messages(super().delete_view, request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        """So is a list action's (`delete_queryset`)."""
        return self.refusals_as_messages(super().changelist_view, request, *args, **kwargs)

    def refusals_as_messages(self, view, request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except (ValidationError, IntegrityError) as error:
            self.message_user(request, refusal_message(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class ListRelationsMixin:
    """Relations only the change list's columns read are prefetched for the change list alone
    (`with_list_relations`), not for the change, history and delete pages, which share
    `get_queryset` but show none of those columns."""

    def with_list_relations(self, queryset):
        return queryset

    def get_changelist(self, request, **kwargs):
        base = super().get_changelist(request, **kwargs)

        class ListRelationsChangeList(base):
            def get_queryset(self, request, exclude_parameters=None):
                queryset = super().get_queryset(request, exclude_parameters)
                return self.model_admin.with_list_relations(queryset)

        return ListRelationsChangeList


def _keys(rows) -> list:
    return sorted(rows.values_list("pk", flat=True))


def _rows(rows) -> list:
    return sorted((row.pk, *concurrency.row_values(row)) for row in rows)


class OpenedStateMixin:
    """A change form that refuses to save over a change somebody saved after it was opened: in
    the record's own fields, in the many-to-many choices its form shows, or in the rows of its
    inlines (each of which Django would otherwise save as the stale page has them).
    npz_registry.concurrency.check_state; the page carries the state in a hidden field."""

    change_form_template = "admin/npz_change_form.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            return form
        model_admin = self

        class UnchangedSinceOpened(form):
            def clean(self):
                cleaned = super().clean()
                reads = model_admin.related_state_reads(request, self.instance, self)
                concurrency.check_state(self, self.instance, reads)
                return cleaned

        UnchangedSinceOpened.__name__ = form.__name__
        return UnchangedSinceOpened

    def get_changelist_form(self, request, **kwargs):
        """A list edited in place sends back, per row, the values it showed (hidden inputs): a
        row left as shown is not saved (a stale list put back what somebody saved meanwhile),
        and a value changed on the list and elsewhere since is refused on its row."""
        form = super().get_changelist_form(request, **kwargs)

        class RowAsShown(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                for name in self._meta.fields or ():
                    if name in self.fields:
                        self.fields[name].show_hidden_initial = True

            def clean(self):
                cleaned = super().clean()
                for name in self.changed_data if self.instance.pk else ():
                    bound = self[name]
                    if bound.html_initial_name not in self.data:
                        continue  # a list of an older release: as before
                    try:
                        shown = bound.field.to_python(self.data[bound.html_initial_name])
                    except ValidationError:
                        continue
                    if shown != getattr(self.instance, name):  # the row as stored now
                        self.add_error(name, concurrency.conflict_message())
                return cleaned

        RowAsShown.__name__ = form.__name__
        return RowAsShown

    def related_state_reads(self, request, obj, form) -> dict:
        """What the change form of `obj` shows besides its fields, each as a function reading it
        from the database now (for the check of a save)."""
        reads = {}
        for field in obj._meta.many_to_many:
            if field.name in form.fields:
                reads[f"many:{field.name}"] = functools.partial(_keys, getattr(obj, field.name).all())
        for inline in self.get_inline_instances(request, obj):
            key = inline.get_formset(request, obj).fk  # the inline's link to obj, as its formset has it
            rows = inline.get_queryset(request).filter(**{key.name: obj})
            reads[f"rows:{inline.model._meta.label_lower}"] = functools.partial(_rows, rows)
        return reads

    def shown_related_state(self, context) -> dict:
        """The same as related_state_reads, from what the page opened read anyway: the form's
        initial choices and its inline forms (no query of its own)."""
        form = context["adminform"].form
        shown = {}
        for field in form.instance._meta.many_to_many:
            if field.name in form.fields:
                chosen = form.initial.get(field.name) or []
                shown[f"many:{field.name}"] = sorted(getattr(item, "pk", item) for item in chosen)
        for inline_formset in context.get("inline_admin_formsets", []):
            formset = inline_formset.formset
            rows = [inline_form.instance for inline_form in formset.initial_forms]
            shown[f"rows:{formset.model._meta.label_lower}"] = sorted(
                (row.pk, *concurrency.row_values(row)) for row in rows
            )
        return shown

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None:
            form = context["adminform"].form
            posted = form.data.get(concurrency.STATE_FIELD) if form.is_bound else None
            context["loaded_state"] = posted or concurrency.state_of(obj, self.shown_related_state(context))
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )


class HistoryAdmin(OpenedStateMixin, SimpleHistoryAdmin):
    """The admin of every model with a history: each version lists what it changed, fields by
    their verbose names and values as people read them (npz_registry.history.with_changes, in
    a fixed number of queries per page), and a save that changes nothing is not stored, so it
    writes no history row. Its change form refuses a save over a newer one (OpenedStateMixin).
    A revert to an earlier version changes only what the change form lets staff change."""

    list_per_page = LIST_PER_PAGE

    def get_queryset(self, request):
        # An object's name on its change, history and delete pages often reads the records the
        # list selects with it (list_select_related): one query instead of one per record.
        queryset = super().get_queryset(request)
        related = self.list_select_related
        return (
            queryset.select_related(*related) if isinstance(related, list | tuple) and related else queryset
        )

    def history_view_title(self, request, obj):
        return gettext("History of %(object)s") % {"object": obj}

    def history_view(self, request, object_id, extra_context=None):
        # The history URL takes any path as the key ("18/change/history/"): simple-history
        # would fail on int("18/change"). Not a key is not a page.
        try:
            self.model._meta.pk.to_python(object_id)
        except ValidationError:
            raise Http404 from None
        return super().history_view(request, object_id, extra_context=extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The form of a revert (django-simple-history's version page, whose record is rebuilt
        from the history row) puts back only what the change form lets staff change: every
        other field (read-only here, such as a successor set by a merger's recognition, or not
        in the form at all) keeps its current value (`keep_current_values`)."""
        form = super().get_form(request, obj, change=change, **kwargs)
        if getattr(obj, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None) is None:
            return form

        class RevertsWhatTheFormChanges(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                if self.is_bound:
                    keep_current_values(self.instance, set(self.fields))

        RevertsWhatTheFormChanges.__name__ = form.__name__
        return RevertsWhatTheFormChanges

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        for record in with_changes(historical_records):
            record.history_delta_changes = record.changes

    def save_model(self, request, obj, form, change):
        if change and unchanged_in_database(obj):
            return
        super().save_model(request, obj, form, change)


def keep_current_values(obj, changeable: set) -> None:
    """Give `obj` (an old version about to be saved again) the values its row holds now for
    every stored field but its key and those named in `changeable`. Nothing when the row is
    gone (a revert then brings the old version back whole)."""
    kept = [f for f in obj._meta.concrete_fields if not f.primary_key and f.name not in changeable]
    if not kept or obj.pk is None:
        return
    stored = type(obj)._base_manager.filter(pk=obj.pk).values(*(f.attname for f in kept)).first()
    for attname, value in (stored or {}).items():
        setattr(obj, attname, value)


class StatusGuardedHistoryAdmin(KeptWhileInUseMixin, ServiceSavedAdmin, HistoryAdmin):
    """History for a model with a status that changes only through its service and record:
    the status fields are read-only in every form of this admin, and django-simple-history's
    revert is refused (it would write an old status back, without a record). Staff still see
    every historical version. A subject with a decision to its `kept_once_status` is not
    deleted (`in_use_reason` says why)."""

    #: The fields only a service writes.
    status_fields: tuple[str, ...] = ("status",)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly + [name for name in self.status_fields if name not in readonly]

    def revert_disabled(self, request, obj=None):
        return True

    def in_use(self, objs, collected):
        kept_status = getattr(self.model, "kept_once_status", None)
        if kept_status is None:
            return []
        change_model = self.model._meta.get_field("status_changes").related_model
        subject_id = f"{change_model.subject_field}_id"
        decided = {
            getattr(row, subject_id)
            for row in collected.get(change_model, ())
            if row.to_status == kept_status
        }
        return [obj for obj in objs if obj.pk in decided]

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied(
                gettext(
                    "Reverting to an earlier version is switched off for records with a status: change "
                    "the status through a dated status change, and other fields in the change form."
                )
            )
        return super().history_form_view(request, object_id, version_id, extra_context)


class StatusTodayFilter(admin.SimpleListFilter):
    """The status in force today of a StatusTodayMixin admin's rows (a decision taking effect
    later does not count yet); its choices are the model's statuses."""

    title = _("status today")
    parameter_name = "status_today"

    def lookups(self, request, model_admin):
        return model_admin.model._meta.get_field("status").choices

    def queryset(self, request, queryset):
        statuses = {value for value, _label in self.lookup_choices}
        return queryset.filter(status_today=self.value()) if self.value() in statuses else queryset


class StatusTodayMixin:
    """For the admin of a DatedStatusSubject: its list and change page show the status in force
    today, with the latest decision where it takes effect later ("kandidaat (erkend vanaf
    01/01/2027)"): the stored status is the latest decision, which may lie ahead. Add
    "status_today" to list_display and StatusTodayFilter to list_filter; the change page shows
    it in place of the stored status."""

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if "status_today" in readonly else [*readonly, "status_today"]

    def get_fieldsets(self, request, obj=None):
        """The fieldsets with the status in force today where the stored status stood."""
        shown = []
        for name, options in super().get_fieldsets(request, obj):
            fields = []
            for field in options["fields"]:
                field = "status_today" if field == "status" else field
                if field not in fields:
                    fields.append(field)
            shown.append((name, {**options, "fields": fields}))
        return shown

    def get_queryset(self, request):
        latest = self.model._meta.get_field("status_changes").related_model.objects.filter(
            **{self.model.status_changes.field.name: models.OuterRef("pk")}
        )
        latest = latest.order_by("-effective_date", "-pk").values("effective_date")[:1]
        return (
            super()
            .get_queryset(request)
            .annotate(
                status_today=self.model.status_on_expression(timezone.localdate()),
                latest_decision_on=models.Subquery(latest),
            )
        )

    @admin.display(description=_("status today"), ordering="status_today")
    def status_today(self, obj):
        labels = dict(self.model._meta.get_field("status").choices)
        today, latest_on = getattr(obj, "status_today", None), getattr(obj, "latest_decision_on", None)
        if latest_on is None:  # no decision yet (or a record being added): the status it starts with
            return labels.get(obj.status, "–")
        now = labels.get(today, "–")
        if obj.status and obj.status != today:
            later = gettext("%(status)s from %(day)s") % {
                "status": labels[obj.status],
                "day": latest_on.strftime("%d/%m/%Y"),
            }
            return f"{now} ({later})"
        return now


class StatusChangeInline(admin.TabularInline):
    """The dated status history on the subject's change page: read-only, never deleted."""

    extra = 0
    can_delete = False
    fields = ["effective_date", "from_status", "to_status", "note", "changed_by", "changed_at"]
    readonly_fields = fields
    ordering = ["effective_date", "pk"]

    def get_queryset(self, request):
        # Each row's name reads its subject, and "changed by" its user: fetched with the rows.
        return super().get_queryset(request).select_related(self.model.subject_field, "changed_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StatusChangeAdmin(ServiceSavedAdmin):
    """Dated status changes: added through the subject's service, never edited afterwards. The
    latest decision of a subject, recorded by mistake (a wrong day or status), can be taken back
    from its own page by staff who may delete decisions (`status_change_undo`), unless the
    subject's rule keeps it (`undo_refusal`). Subclasses name the service (`set_status`, called
    with the subject as keyword named after `model.subject_field`) and its rules (`refusal`,
    `undo_refusal`)."""

    set_status = None
    refusal = None
    undo_refusal = None

    def get_form(self, request, obj=None, **kwargs):
        subject_field = self.model.subject_field
        refusal = type(self).refusal

        class StatusChangeForm(forms.ModelForm):
            class Meta:
                model = self.model
                fields = [subject_field, "to_status", "effective_date", "note"]

            def clean(self):
                cleaned = super().clean()
                subject, status, day = (
                    cleaned.get(k) for k in (subject_field, "to_status", "effective_date")
                )
                if subject and status and day:
                    note = cleaned.get("note") or ""
                    reason = status_change_refusal(subject, status, day, refusal, note=note)
                    if reason:
                        raise ValidationError(reason)
                return cleaned

        kwargs["form"] = StatusChangeForm
        return super().get_form(request, obj, **kwargs)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # One decision at a time, from its own page: no bulk deletion.
        return obj is not None and super().has_delete_permission(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        change = self.get_object(request, unquote(object_id))
        reason = undo_refusal(change, type(self).undo_refusal) if change is not None else None
        if reason:
            self.message_user(request, reason, messages.ERROR)
            opts = self.model._meta
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(change.pk)])
            )
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        status_change_undo(change=obj, refusal=type(self).undo_refusal)

    def save_model(self, request, obj, form, change):
        created = type(self).set_status(
            **{self.model.subject_field: obj.subject},
            to_status=obj.to_status,
            effective_date=obj.effective_date,
            by=request.user,
            note=obj.note,
        )
        obj.pk = created.pk
