"""The admin's import and export: one mixin for every table that has them.

- Rights: importing needs the add and change rights of the table, exporting the view right
  (the staff group has them; an `is_staff` account without the group has not).
- The file is read by `files.read_dataset`: too big, not UTF-8, not a spreadsheet, too many rows
  or wrong columns give a Dutch message naming what is wrong, never a traceback.
- Reference tables refuse rows with an unknown key unless staff tick "Add rows with new keys".
- A file with more rows than NPZ_IMPORT_BACKGROUND_ROWS runs as a background job with a
  progress page (dry run, then the commit after confirmation); smaller files are previewed
  at once as before.
- The preview shows the Dutch column names; exports are named after the table in Dutch with
  the date ("gemeenten-2026-12-04.csv").
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import forms as import_export_forms
from import_export.admin import ImportExportMixin

from npz_registry import dataversion
from npz_registry.importexport import jobs
from npz_registry.importexport.files import read_dataset, size_problem
from npz_registry.importexport.models import ImportJob
from npz_registry.importexport.resources import (
    ImportFileError,
    derived_summary,
    derived_totals,
    result_errors,
)

#: Rows of a preview, and errors, shown on a page (the totals count them all).
PREVIEW_ROWS = 200


class ImportForm(import_export_forms.ImportForm):
    create_new = forms.BooleanField(
        label=gettext_lazy("Add rows with new keys"),
        required=False,
        help_text=gettext_lazy(
            "Without this, a row whose key (code, NIS code, number) is not in the table yet is refused, "
            "so that a typing error never creates a new municipality, zone or organisation."
        ),
    )

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["resource"].label = _("Contents of the file")

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        problem = size_problem(upload.size)
        if problem:
            raise forms.ValidationError(problem)
        return upload


class ExportForm(import_export_forms.SelectableFieldsExportForm):
    """The export form with the columns named in the active language, as in the preview."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        for resource_class in resources:
            resource = resource_class(preview=False)
            for name in resource.get_export_order():
                field = self.fields.get(self.create_boolean_field_name(resource_class, name))
                if field is not None and name in resource.fields:
                    column = resource.fields[name]
                    field.label = f"{resource.column_label(column)} ({column.column_name})"


class ConfirmImportForm(import_export_forms.ConfirmImportForm):
    """Confirms a preview: ``import_file_name`` carries a token signed for the user and the
    table (preview_token), never a file name. Only the token is read: the file, its resource
    and its options are those stored with the preview (jobs.job_resource); the other hidden
    fields are django-import-export's and change nothing."""

    def clean_import_file_name(self):
        return self.cleaned_data["import_file_name"]


def _preview_salt(user, model_label: str) -> str:
    return f"npz-import-preview:{model_label}:{user.pk}"


def preview_token(job: ImportJob, user) -> str:
    """What the confirmation form of the preview kept in ``job`` carries."""
    return signing.dumps(job.pk, salt=_preview_salt(user, job.model_label))


def previewed_job(token: str, user, model) -> ImportJob | None:
    """The preview ``token`` was signed for, for this user and table, not confirmed yet and
    younger than jobs.PREVIEW_KEPT; None otherwise (forged, borrowed or too old)."""
    try:
        salt = _preview_salt(user, model._meta.label_lower)
        pk = signing.loads(token, salt=salt, max_age=jobs.PREVIEW_KEPT)
    except signing.BadSignature:
        return None
    job = ImportJob.objects.filter(
        pk=pk, model_label=model._meta.label_lower, created_by=user, dry_run=True, commit__isnull=True
    ).first()
    return job if job is not None and job.data else None


class RegistryImportExportMixin(ImportExportMixin):
    """Import and export for a ModelAdmin (combine with SimpleHistoryAdmin or ModelAdmin)."""

    import_form_class = ImportForm
    confirm_form_class = ConfirmImportForm
    export_form_class = ExportForm
    import_template_name = "admin/importexport/import.html"

    # --- rights -------------------------------------------------------------------------

    def has_import_permission(self, request):
        opts = self.opts
        return request.user.has_perms(
            [f"{opts.app_label}.add_{opts.model_name}", f"{opts.app_label}.change_{opts.model_name}"]
        )

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    # --- resources ----------------------------------------------------------------------

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        data = getattr(form, "cleaned_data", None) or {}
        return {"create_new": bool(data.get("create_new"))}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {}

    def get_export_filename(self, request, queryset, file_format):
        """The table's name in the active language (Dutch by default) and today's date."""
        name = slugify(str(self.model._meta.verbose_name_plural))
        return f"{name}-{timezone.localdate().isoformat()}.{file_format.get_extension()}"

    # --- import -------------------------------------------------------------------------

    def import_action(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return super().import_action(request, **kwargs)
        form = self.create_import_form(request)
        if not form.is_valid():
            return self.render_import(request, form)
        file_format = self.file_format(form.cleaned_data["format"])
        upload = form.cleaned_data["import_file"]
        data = b"".join(upload.chunks())
        try:
            dataset = read_dataset(data, file_format)
        except ImportFileError as error:
            form.add_error("import_file", str(error))
            return self.render_import(request, form)
        resource_class = self.choose_import_resource_class(form, request)
        file = jobs.ImportFile.upload(
            model=self.model,
            resource_class=resource_class,
            create_new=bool(form.cleaned_data.get("create_new")),
            file_name=upload.name,
            file_format=file_format,
            data=data,
            total_rows=len(dataset),
        )
        if len(dataset) > settings.NPZ_IMPORT_BACKGROUND_ROWS:
            job = jobs.import_job_create(file, user=request.user)
            return HttpResponseRedirect(job.get_absolute_url())
        resource = resource_class(**self.get_import_resource_kwargs(request, form=form))
        version, result = self.dry_run(request, resource, dataset, upload.name)
        confirm_form = None
        if not (result.has_errors() or result.has_validation_errors()):
            job = jobs.preview_store(file, user=request.user, data_version=version, result=result)
            upload.tmp_storage_name = preview_token(job, request.user)
            confirm_form = self.create_confirm_form(request, import_form=form)
        return self.render_import(request, form, result=result, resource=resource, confirm_form=confirm_form)

    def process_import(self, request, **kwargs):
        """The confirmed import of a previewed file (kept in the database with its dry run)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        form = self.create_confirm_form(request)
        if not form.is_valid():
            return self.render_import(request, self.create_import_form(request))
        job = previewed_job(form.cleaned_data["import_file_name"], request.user, self.model)
        if job is None:
            messages.error(request, _("The file of this import is no longer available; upload it again."))
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        dataset = read_dataset(bytes(job.data), job.file_format)
        try:
            jobs.check_unchanged_since(job)
        except jobs.ChangedSincePreview:
            return self.preview_again(request, job, dataset)
        if not jobs.claim(job):  # confirmed meanwhile (a second click, another tab)
            messages.error(request, _("The file of this import is no longer available; upload it again."))
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        resource = jobs.job_resource(job, preview=False)
        result = resource.import_data(
            dataset,
            dry_run=False,
            file_name=job.file_name,
            user=request.user,
            retain_instance_in_row_result=True,  # for the admin's log entries
        )
        if result.has_errors() or result.has_validation_errors():
            messages.error(request, _("Nothing was imported: the file has errors."))
            return self.render_import(
                request, self.create_import_form(request), result=result, resource=resource
            )
        response = self.process_result(result, request)
        summary = derived_summary(derived_totals(resource))
        if summary:
            messages.success(request, summary)
        return response

    @staticmethod
    def dry_run(request, resource, dataset, file_name):
        """The preview's dry run, with the data version it saw (its confirmation checks that
        this still holds)."""
        version = dataversion.current()
        return version, resource.import_data(dataset, dry_run=True, file_name=file_name, user=request.user)

    def preview_again(self, request, job: ImportJob, dataset):
        """The preview of ``job``'s file anew, with a new confirmation, because the data changed
        after the first one (what it showed may no longer be what the import writes)."""
        messages.warning(
            request,
            _(
                "The registry changed after your preview (someone saved data meanwhile). Nothing was "
                "imported: check the new preview below and confirm again."
            ),
        )
        form = self.create_import_form(request)
        resource = jobs.job_resource(job)
        version, result = self.dry_run(request, resource, dataset, job.file_name)
        confirm_form = None
        if not (result.has_errors() or result.has_validation_errors()):
            summary = {**(job.result or {}), "data_version": version}
            ImportJob.objects.filter(pk=job.pk).update(result=summary)
            confirm_form = self.create_confirm_form(request)  # the same token, now at this version
        else:
            ImportJob.objects.filter(pk=job.pk).update(data=b"")
        return self.render_import(request, form, result=result, resource=resource, confirm_form=confirm_form)

    def render_import(self, request, form, result=None, resource=None, confirm_form=None):
        context = self.get_import_context_data()
        context.update(self.admin_site.each_context(request))
        resource = resource or self.get_import_resource_classes(request)[0](preview=False)
        context.update(
            {
                "title": _("Import"),
                "form": form,
                "opts": self.model._meta,
                "media": self.media + form.media,
                "result": result,
                "column_labels": resource.column_labels(),
                "fields_list": self.fields_list(request),
                "import_error_display": self.import_error_display,
                "preview_rows": result.valid_rows()[:PREVIEW_ROWS] if result is not None else [],
                "derived_summary": derived_summary(derived_totals(resource)),
                **self.error_context(result_errors(result) if result is not None else []),
                "limits": self.limits(),
            }
        )
        if confirm_form is not None:
            context["confirm_form"] = confirm_form
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def get_import_context_data(self, **kwargs):
        context = super().get_import_context_data(**kwargs)
        context["limits"] = self.limits()
        return context

    @staticmethod
    def error_context(errors, count=None) -> dict:
        return {"error_rows": errors[:PREVIEW_ROWS], "error_count": len(errors) if count is None else count}

    def fields_list(self, request):
        return [
            (
                resource.get_display_name(),
                [f.column_name for f in resource(preview=False).get_user_visible_fields()],
            )
            for resource in self.get_import_resource_classes(request)
        ]

    def file_format(self, index) -> str:
        return self.get_import_formats()[int(index)]().get_extension()

    def limits(self) -> dict:
        return {
            "max_bytes": settings.NPZ_IMPORT_MAX_BYTES,
            "max_rows": settings.NPZ_IMPORT_MAX_ROWS,
            "background_rows": settings.NPZ_IMPORT_BACKGROUND_ROWS,
        }

    # --- background jobs ----------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/jobs/<int:job_id>/",
                self.admin_site.admin_view(self.import_job_view),
                name="{}_{}_import_job".format(*info),
            ),
            path(
                "import/jobs/<int:job_id>/confirm/",
                self.admin_site.admin_view(self.import_job_confirm),
                name="{}_{}_import_job_confirm".format(*info),
            ),
            *super().get_urls(),
        ]

    def get_job(self, request, job_id) -> ImportJob:
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = get_object_or_404(ImportJob, pk=job_id)
        if job.model_label != self.opts.label_lower:
            raise Http404
        return job

    def import_job_view(self, request, job_id):
        job = self.get_job(request, job_id)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import of %(file)s") % {"file": job.file_name},
            "opts": self.opts,
            "job": job,
            **self.error_context((job.result or {}).get("errors", []), (job.result or {}).get("error_count")),
            "totals": (job.result or {}).get("totals", {}),
            "derived_summary": derived_summary((job.result or {}).get("derived", [])),
            "can_confirm": job.dry_run
            and job.succeeded
            and not hasattr(job, "commit")
            and bool(job.data)
            and job.created_by_id == request.user.pk,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/importexport/job.html", context)

    def import_job_confirm(self, request, job_id):
        job = self.get_job(request, job_id)
        if request.method != "POST":
            return HttpResponseRedirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import_job", args=[job_id])
            )
        try:
            commit = jobs.import_job_confirm(job=job, user=request.user)
        except jobs.ChangedSincePreview:
            again = jobs.import_job_create(jobs.ImportFile.of_job(job), user=request.user)
            ImportJob.objects.filter(pk=job.pk).update(data=b"")
            messages.warning(
                request,
                _(
                    "The registry changed after this check (someone saved data meanwhile). Nothing was "
                    "imported: the file is being checked again; confirm when the new check is done."
                ),
            )
            return HttpResponseRedirect(again.get_absolute_url())
        except ValueError:
            messages.error(
                request,
                _(
                    "This import cannot be confirmed: it has errors, was confirmed already, or was "
                    "started by someone else (who confirms it)."
                ),
            )
            return HttpResponseRedirect(job.get_absolute_url())
        return HttpResponseRedirect(commit.get_absolute_url())
