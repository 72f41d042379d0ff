"""Performance measurement of the site build, live preview and pages (not part of the test suite).

    python -m benchmarks.build_bench     build times: bare Pelican, this site cold and cached, Hugo
    python -m benchmarks.profile_build   where one cold build of the site spends its time
    python -m benchmarks.lighthouse      Lighthouse scores of key pages, served with gzip

Figures go to the terminal and to benchmarks/results/ (git-ignored). See docs/performance.md.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "benchmarks"
RESULTS_DIR = BENCH_DIR / "results"


def shown(path):
    """``path`` relative to the current folder when it lies inside it, else absolute."""
    path = Path(path).resolve()
    return os.path.relpath(path) if path.is_relative_to(Path.cwd()) else str(path)
