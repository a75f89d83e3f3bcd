import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

# tests/ holds small helper modules (prose.py, built_site.py) imported by the test files, and
# scripts/ the book's own tools (toc.py: the table of contents, read in one place).
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "scripts"))

# Property tests draw the same examples on every run (CI must not depend on luck); set
# HYPOTHESIS_PROFILE=explore to search with fresh random examples while developing.
settings.register_profile(
    "ci", derandomize=True, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("explore", deadline=None, max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# A timeline of the run (test-artifacts/timeline.txt): when each test finished, on which xdist
# worker and how long it took, so that the test command's time can be read step by step.
_TIMELINE = Path(__file__).resolve().parents[1] / "test-artifacts" / "timeline.txt"


def pytest_sessionstart(session):
    if not os.environ.get("PYTEST_XDIST_WORKER"):  # the controller starts the file afresh
        _TIMELINE.parent.mkdir(exist_ok=True)
        _TIMELINE.write_text("# seconds since the epoch, worker, duration (s), test\n")


def pytest_runtest_logreport(report):
    if hasattr(report, "node"):  # the xdist controller replaying a worker's report: written by the worker
        return
    if report.when == "call" or (report.when == "setup" and report.duration > 1):
        import time

        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        with open(_TIMELINE, "a") as out:
            out.write(f"{time.time():.1f} {worker} {report.duration:.1f} {report.nodeid} [{report.when}]\n")
