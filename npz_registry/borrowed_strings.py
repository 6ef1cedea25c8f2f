"""Strings of Django and django-import-export that staff read in the back office but that their
own Dutch catalogs lack (new in Django 5.2, or marked fuzzy there, so shown in English). Named
here so that `make messages` keeps them in our catalog (locale/), which Django reads before
theirs. Nothing imports this module: it only carries the msgids."""

from django.utils.translation import gettext_noop

DJANGO_ADMIN = (
    # The messages after a save or a deletion: Django's Dutch "De {name}" reads "De doel" for
    # a het-word; these say the same without an article.
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    # The column headers of the back office's index, for screen readers.
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Error:"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice."),
)

IMPORT_EXPORT = (
    gettext_noop("Import finished: {} new, {} updated, {} deleted and {} skipped {}."),
    gettext_noop(
        "%(exc_name)s encountered while trying to read file. Ensure you have chosen the correct format for "
        "the file."
    ),
    gettext_noop("No valid data to import. Ensure your file has the correct headers or data for import."),
    gettext_noop("export failed due to IllegalCharacterError"),
    gettext_noop("Resource"),
    gettext_noop('Select at least 1 field for "%(resource_name)s" to export'),
    gettext_noop("This exporter will export the following fields: "),
    gettext_noop("Select all"),
    gettext_noop("Value could not be parsed."),
)
