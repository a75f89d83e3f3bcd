import sys
from pathlib import Path

# tests/ holds small helper modules (prose.py) imported by the test files.
sys.path.insert(0, str(Path(__file__).resolve().parent))
