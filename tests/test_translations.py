"""The Dutch catalog (locale/nl_BE): complete for our own strings, and it fills the gaps of the
libraries' Dutch catalogs that staff meet in the back office."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from npz_registry import borrowed_strings

#: What makemessages reads (and the catalog it updates).
PATTERNS = ("*.py", "*.html", "*.txt", "locale/*")
CATALOG = Path(settings.BASE_DIR) / "locale" / "nl_BE" / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("msgid", borrowed_strings.DJANGO_ADMIN + borrowed_strings.IMPORT_EXPORT)
def test_the_strings_the_libraries_leave_in_english_read_dutch(msgid):
    with translation.override("nl-be"):
        assert translation.gettext(msgid) != msgid


@pytest.mark.django_db
def test_the_back_office_index_reads_dutch_to_a_screen_reader(admin_client):
    page = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="nl-be").content.decode()
    assert "Soort gegevens" in page
    headers = set(re.findall(r">([^<>]+)</th>", page))
    assert not {"Model name", "Add link", "Change or view list link"} & headers


#: Attributes that a screen reader or a tooltip reads out, with text written in the template.
READ_OUT = re.compile(r'\b(aria-label|alt|title|placeholder)="([^"{}]*[A-Za-z]{2}[^"{}]*)"')


def test_no_template_reads_out_text_that_is_not_translated():
    """A label for a screen reader is interface text too: written as is in a template it
    stays English on a Dutch page ('breadcrumb' was read out so on eight portal pages)."""
    root = Path(settings.BASE_DIR) / "templates"
    found = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in sorted(root.rglob("*.html"))
        for match in READ_OUT.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found


def _msgids(path: Path) -> set[str]:
    """The msgids of a .po file that are in use (not obsolete)."""
    ids, current = set(), None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            current = [line[6:]]
        elif current is not None and line.startswith('"'):
            current.append(line)
        elif current is not None:
            ids.add("".join(part.strip()[1:-1] for part in current))
            current = None
    return ids - {""}


@pytest.mark.skipif(
    not (shutil.which("xgettext") and shutil.which("git")), reason="needs GNU gettext and git"
)
def test_every_string_of_the_code_is_in_the_dutch_catalog(tmp_path):
    """makemessages on a copy of the code finds no msgid that the committed catalog lacks (a
    string marked for translation but never extracted shows in English)."""
    root = Path(settings.BASE_DIR)
    copy = tmp_path / "code"
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", *PATTERNS],
        cwd=root,
        capture_output=True,
        text=True,
    )
    tracked = listed.stdout.split() if listed.returncode == 0 else []
    if not tracked:
        pytest.skip("not a git checkout")
    for name in tracked:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(root / name, copy / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nl_BE", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "npz_registry.settings_test"},
    )
    extracted = _msgids(copy / "locale" / "nl_BE" / "LC_MESSAGES" / "django.po")
    assert extracted - _msgids(CATALOG) == set(), "run `make messages` and translate the new strings"


def test_the_dutch_addresses_the_reader_formally_everywhere():
    """The registry says "u" to its readers (the department's style): no "je", "jij" or "jouw"
    in a translation, the password e-mails and sign-in pages included."""
    text = CATALOG.read_text(encoding="utf-8")
    translations = re.findall(r'^msgstr "(.*)"$|^"(.*)"$', text, re.MULTILINE)
    informal_words = re.compile(r"\b(je|jij|jouw|jou)\b", re.IGNORECASE)
    informal = [line for pair in translations for line in pair if informal_words.search(line)]
    assert informal == []


def test_the_back_office_selector_of_groups_and_permissions_explains_itself_in_dutch(admin_client):
    """Django 5.2's Dutch catalog leaves the many-to-many selector's help in English ("Choose
    groepen by selecting them…"): locale/nl_BE/LC_MESSAGES/djangojs.po completes it."""
    catalog = admin_client.get("/admin/jsi18n/").content.decode()

    assert "Kies %s door ze te selecteren" in catalog
    assert "Alle %s verwijderen" in catalog
