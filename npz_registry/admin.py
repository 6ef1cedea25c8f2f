"""Admin pieces shared by the apps: history pages that read as people read, statuses the admin
never writes, status histories that are only added to through their service, and service
refusals shown as messages."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from npz_registry.history import unchanged_in_database, with_changes
from npz_registry.status_changes import status_change_refusal

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


class ServiceSavedAdmin(admin.ModelAdmin):
    """An admin whose saves go through services. The forms ask the services' rules first; a
    refusal that shows only while saving (someone saved a conflicting row at the same moment)
    becomes a message on the form instead of a server error, and nothing is saved."""

    def changeform_view(self, request, *args, **kwargs):
        return self.refusals_as_messages(super().changeform_view, request, *args, **kwargs)

    def history_form_view(self, request, *args, **kwargs):
        """django-simple-history's revert saves through `save_model` too."""
        return self.refusals_as_messages(super().history_form_view, request, *args, **kwargs)

    def refusals_as_messages(self, view, request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except (ValidationError, IntegrityError) as error:
            self.message_user(request, refusal_message(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class HistoryAdmin(SimpleHistoryAdmin):
    """The admin of every model with a history: each version lists what it changed, fields by
    their verbose names and values as people read them (npz_registry.history.with_changes, in
    a fixed number of queries per page), and a save that changes nothing is not stored, so it
    writes no history row."""

    def history_view_title(self, request, obj):
        return gettext("History of %(object)s") % {"object": obj}

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        for record in with_changes(historical_records):
            record.history_delta_changes = record.changes

    def save_model(self, request, obj, form, change):
        if change and unchanged_in_database(obj):
            return
        super().save_model(request, obj, form, change)


class StatusGuardedHistoryAdmin(ServiceSavedAdmin, HistoryAdmin):
    """History for a model with a status that changes only through its service and record:
    the status fields are read-only in every form of this admin, and django-simple-history's
    revert is refused (it would write an old status back, without a record). Staff still see
    every historical version."""

    #: The fields only a service writes.
    status_fields: tuple[str, ...] = ("status",)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly + [name for name in self.status_fields if name not in readonly]

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied(
                gettext(
                    "Reverting to an earlier version is switched off for records with a status: change "
                    "the status through a dated status change, and other fields in the change form."
                )
            )
        return super().history_form_view(request, object_id, version_id, extra_context)


class StatusChangeInline(admin.TabularInline):
    """The dated status history on the subject's change page: read-only, never deleted."""

    extra = 0
    can_delete = False
    fields = ["effective_date", "from_status", "to_status", "note", "changed_by", "changed_at"]
    readonly_fields = fields
    ordering = ["effective_date", "pk"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StatusChangeAdmin(ServiceSavedAdmin):
    """Dated status changes: added through the subject's service, never edited or deleted
    afterwards. Subclasses name the service (`set_status`, called with the subject as
    keyword named after `model.subject_field`) and its rule (`refusal`)."""

    set_status = None
    refusal = None

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
                    reason = status_change_refusal(subject, status, day, refusal)
                    if reason:
                        raise ValidationError(reason)
                return cleaned

        kwargs["form"] = StatusChangeForm
        return super().get_form(request, obj, **kwargs)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        created = type(self).set_status(
            **{self.model.subject_field: obj.subject},
            to_status=obj.to_status,
            effective_date=obj.effective_date,
            by=request.user,
            note=obj.note,
        )
        obj.pk = created.pk
