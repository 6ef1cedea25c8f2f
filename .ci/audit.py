"""`make audit`: known vulnerabilities in the installed packages (pip-audit) and risky code (bandit).

Fails on any bandit finding of medium severity or higher, and on any known vulnerability. What
could not be audited is listed with the reason, never passed over in silence (README "Audit"):
pip-audit asks PyPI's per-release JSON API (/pypi/<name>/<version>/json) or OSV; where those are
unreachable (on the development machines PyPI answers 404 for every per-release page, and OSV
cannot be reached), the direct dependencies are checked against PyPI's project page instead,
whose "vulnerabilities" list holds the known vulnerabilities of the latest release: that covers a
direct dependency installed at its latest release, and nothing else.
Set AUDIT_STRICT=1 to fail when anything could not be audited.
"""

import json
import os
import re
import subprocess
import sys
import tomllib
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CODE = ["networks", "missions", "transition", "npz_registry"]


def bandit() -> bool:
    print("== bandit (medium severity and higher)")
    result = subprocess.run(
        [BIN / "bandit", "-q", "-r", *CODE, "-x", "*/migrations/*", "--severity-level", "medium"], cwd=ROOT
    )
    print("   no finding" if result.returncode == 0 else "   FINDINGS above")
    return result.returncode == 0


def pip_audit() -> tuple[list[str], dict[str, str]]:
    """Vulnerabilities found, and the packages pip-audit skipped (name -> installed version)."""
    print("== pip-audit (installed packages, PyPI's vulnerability data)")
    result = subprocess.run(
        [BIN / "pip-audit", "--local", "--format", "json", "--progress-spinner", "off"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stderr.strip())
        return [f"pip-audit did not run (exit {result.returncode})"], {}
    found, skipped = [], {}
    for dependency in report.get("dependencies", []):
        for vuln in dependency.get("vulns", []):
            fixed = vuln.get("fix_versions")
            found.append(f"{dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixed})")
        if "skip_reason" in dependency:
            match = re.search(r"\(([^()]+)\)\s*$", dependency["skip_reason"])
            skipped[dependency["name"].lower()] = match.group(1) if match else "?"
    audited = len(report.get("dependencies", [])) - len(skipped)
    print(f"   audited {audited} packages, skipped {len(skipped)}")
    return found, skipped


def direct_dependencies() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = project["dependencies"] + project["optional-dependencies"]["dev"]
    return {re.split(r"[\[<>=!~ ]", name, maxsplit=1)[0].lower() for name in names}


def latest_release_check(skipped: dict[str, str]) -> tuple[list[str], set[str]]:
    """For skipped direct dependencies: PyPI's project page lists the known vulnerabilities of
    the latest release; if that is the installed release, it audits it."""
    found, audited = [], set()
    for name in sorted(direct_dependencies() & set(skipped)):
        url = f"https://pypi.org/pypi/{name}/json"
        try:
            with urllib.request.urlopen(url, timeout=20) as response:  # nosec B310: a fixed https URL
                data = json.load(response)
        except OSError:
            continue
        if data["info"]["version"] != skipped[name]:
            continue
        audited.add(name)
        found += [
            f"{name} {skipped[name]}: {vuln['id']} (fixed in {vuln.get('fixed_in')})"
            for vuln in data.get("vulnerabilities", [])
            if not vuln.get("withdrawn")
        ]
    return found, audited


def main() -> int:
    os.chdir(ROOT)
    code_clean = bandit()
    found, skipped = pip_audit()
    if skipped:
        print("== PyPI project pages (latest release of each skipped direct dependency)")
        more, audited = latest_release_check(skipped)
        found += more
        print(f"   audited {len(audited)} more: {', '.join(sorted(audited)) or '-'}")
        not_audited = sorted(set(skipped) - audited)
    else:
        not_audited = []
    for line in found:
        print(f"   VULNERABLE {line}")
    if not_audited:
        print(
            f"== NOT AUDITED: {len(not_audited)} packages. pip-audit reaches no vulnerability service from "
            "here (PyPI answers 404 for per-release pages, OSV is unreachable), and PyPI's project page only "
            "covers a package installed at its latest release:"
        )
        print("   " + ", ".join(f"{name} {skipped[name]}" for name in not_audited))
    if found or not code_clean:
        return 1
    if not_audited and os.environ.get("AUDIT_STRICT") == "1":
        return 3
    print("== audit: no known vulnerability, no bandit finding at medium or higher")
    return 0


if __name__ == "__main__":
    sys.exit(main())
