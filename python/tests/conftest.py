import os
import sys

# the package from this checkout, not an installed one
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
os.environ.setdefault("MPLBACKEND", "Agg")
