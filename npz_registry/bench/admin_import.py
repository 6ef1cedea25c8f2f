"""Must-show 3 of issue 11: indicator values imported through the admin of a running server.

    python -m npz_registry.bench.admin_import --url http://127.0.0.1:8000 [--rows 5000]

Logs in as the generated superuser (`admin`, password `npz-demo`), uploads `--rows` values of
one new indicator per municipality and year as CSV, follows the background job's page until the
dry run ends, confirms, follows the commit; then uploads the same kind of file with one bad row
among the rest (a value that is not a number) and checks that its job refuses it. Prints (and
with --output writes) a JSON of seconds per step and the job's figures; `make bench` runs it
against gunicorn at 1x. The indicator and municipalities must exist: `--indicator`
names one of the generated data (its values are replaced by the import's)."""

import argparse
import csv
import io
import json
import re
import sys
import time

import requests

POLL_SECONDS, JOB_LIMIT_SECONDS = 0.5, 600


class Admin:
    def __init__(self, url: str, username: str, password: str):
        self.url, self.session = url.rstrip("/"), requests.Session()
        self.session.headers["Accept-Language"] = "nl-be"
        login = self.url + "/admin/login/"
        token = self.csrf(self.session.get(login).text)
        fields = {"username": username, "password": password, "csrfmiddlewaretoken": token, "next": "/admin/"}
        answer = self.session.post(login, fields, headers={"Referer": login})
        if "/admin/login/" in answer.url:
            raise SystemExit("login refused")

    @staticmethod
    def csrf(html: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def upload(self, path: str, content: bytes) -> str:
        """Posts the file to the import page; the URL of the job page it is sent to."""
        page = self.session.get(self.url + path).text
        resource = next(
            value for value, label in re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', page)
            if "gemeente" in label.lower() or "municipal" in label.lower()
        )  # fmt: skip
        answer = self.session.post(
            self.url + path,
            data={"csrfmiddlewaretoken": self.csrf(page), "format": "0", "resource": resource},
            files={"import_file": ("waarden.csv", content, "text/csv")},
            headers={"Referer": self.url + path},
            allow_redirects=False,
        )
        if answer.status_code != 302:
            raise SystemExit(f"the upload answered {answer.status_code}, not a redirect to its job")
        return answer.headers["Location"]

    def follow(self, job: str) -> str:
        """The job's page once the job has ended."""
        deadline = time.monotonic() + JOB_LIMIT_SECONDS
        while time.monotonic() < deadline:
            answer = self.session.get(self.url + job)
            if answer.status_code != 200:
                raise SystemExit(f"the job page answered {answer.status_code}")
            if 'http-equiv="refresh"' not in answer.text:
                return answer.text
            time.sleep(POLL_SECONDS)
        raise SystemExit("the job did not end in time")

    def confirm(self, job: str, page: str) -> str:
        answer = self.session.post(
            self.url + job + "confirm/",
            data={"csrfmiddlewaretoken": self.csrf(page)},
            headers={"Referer": self.url + job},
            allow_redirects=False,
        )
        if answer.status_code != 302:
            raise SystemExit(f"the confirmation answered {answer.status_code}")
        return answer.headers["Location"]


def values_csv(indicator: str, codes: list[str], rows: int, bad_row: int | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["indicator", "nis_code", "year", "value", "source"])
    for number in range(rows):
        value = "geen getal" if number == bad_row else f"{number % 997}.5"
        writer.writerow(
            [indicator, codes[number % len(codes)], 1990 + number // len(codes), value, "bench (fictief)"]
        )
    return out.getvalue().encode()


def run(url: str, indicator: str, codes: list[str], rows: int) -> dict:
    admin = Admin(url, "admin", "npz-demo")
    path = "/admin/missions/indicatorvalue/import/"
    figures = {"rows": rows}
    began = time.monotonic()
    job = admin.upload(path, values_csv(indicator, codes, rows))
    dry_run = admin.follow(job)
    figures["dry_run_seconds"] = round(time.monotonic() - began, 1)
    if "Import bevestigen" not in dry_run:
        raise SystemExit("the dry run did not offer a confirmation")
    began = time.monotonic()
    commit = admin.follow(admin.confirm(job, dry_run))
    figures["commit_seconds"] = round(time.monotonic() - began, 1)
    figures["committed"] = "elke rij is bewaard" in commit
    began = time.monotonic()
    bad = admin.follow(admin.upload(path, values_csv(indicator, codes, rows, bad_row=rows // 2)))
    figures["bad_file_seconds"] = round(time.monotonic() - began, 1)
    figures["bad_file_refused"] = "Er is niets bewaard" in bad and "Import bevestigen" not in bad
    return figures


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--indicator", required=True, help="code of an existing indicator per municipality")
    parser.add_argument("--codes", required=True, help="file with one NIS code per line")
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--output")
    options = parser.parse_args(argv)
    with open(options.codes, encoding="utf-8") as lines:
        codes = [line.strip() for line in lines if line.strip()]
    figures = run(options.url, options.indicator, codes, options.rows)
    text = json.dumps(figures, indent=1)
    if options.output:
        with open(options.output, "w", encoding="utf-8") as out:
            out.write(text + "\n")
    print(text)
    return figures


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
