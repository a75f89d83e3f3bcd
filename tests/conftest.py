import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

# tests/ holds small helper modules (prose.py, built_site.py) imported by the test files.
sys.path.insert(0, str(Path(__file__).resolve().parent))

# Property tests draw the same examples on every run (CI must not depend on luck); set
# HYPOTHESIS_PROFILE=explore to search with fresh random examples while developing.
settings.register_profile(
    "ci", derandomize=True, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("explore", deadline=None, max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
