"""Makes `python3 -m pytest bindings/python/tests` work from a checkout:
the package from bindings/python, the library from CREDITDATA_LIBRARY (set
by ctest) or else from build/bindings/c."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.environ.get(
    "CREDITDATA_SOURCE_DIR", os.path.abspath(os.path.join(HERE, "..", "..", "..")))
sys.path.insert(0, os.path.join(SOURCE_DIR, "bindings", "python"))
if "CREDITDATA_LIBRARY" not in os.environ:
    candidate = os.path.join(SOURCE_DIR, "build", "bindings", "c",
                             "libcreditdata.so")
    if os.path.exists(candidate):
        os.environ["CREDITDATA_LIBRARY"] = candidate
