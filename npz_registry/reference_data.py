"""`load_reference_data`: every app's reference files of fixtures/, in one transaction.

Project level, because it spans the apps: networks lists its files, missions and transition
theirs (`<app>/services/reference_data.py`), and no app needs to know the others.
"""

from pathlib import Path

from missions.services.reference_data import REFERENCE_FILES as MISSIONS_FILES
from networks.models import registry_completeness
from networks.services.reference_data import FIXTURES_DIR
from networks.services.reference_data import REFERENCE_FILES as NETWORKS_FILES
from npz_registry.importexport.reference import LoadReport, load_reference_files
from transition.services.reference_data import REFERENCE_FILES as TRANSITION_FILES

REFERENCE_FILES = [*NETWORKS_FILES, *MISSIONS_FILES, *TRANSITION_FILES]


def load_reference_data(*, directory: Path = FIXTURES_DIR, overwrite: bool = False) -> LoadReport:
    """Load the reference files; raises ReferenceDataError (and loads nothing) on a bad file.
    Idempotent; rows staff corrected since are kept unless `overwrite`."""
    report = load_reference_files(REFERENCE_FILES, directory=directory, overwrite=overwrite)
    report.completeness = registry_completeness()
    return report
