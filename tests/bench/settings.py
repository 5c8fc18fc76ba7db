"""Settings for benchmark runs: the portal's own, plus a trivial view to compare with."""

import os

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "tests.bench.urls"
# The benchmark measures the catalogue both with its cache and without it.
PROGRAMMES_CATALOGUE_CACHE_SECONDS = int(os.environ.get("BENCH_CATALOGUE_CACHE_SECONDS", "60"))
