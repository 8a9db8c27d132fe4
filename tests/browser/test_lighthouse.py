"""Lighthouse on the built page, in Debian's Chromium: 100 in every category.

Lighthouse is an npm package, pinned in tests/lighthouse/package-lock.json and
installed there by ``make test`` (``npm ci``). Without node or the installed
package the test fails and says how to install it: the scores are part of
what the page promises.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ..conftest import PROJECT
from .conftest import CHROMIUM, CHROMIUM_ARGS, NO_CHROMIUM, serve

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)

LIGHTHOUSE = PROJECT / "tests" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def test_lighthouse_scores_100_in_every_category(served: str, tmp_path: Path) -> None:
    _assert_100(served + "index.html", tmp_path)


def test_lighthouse_scores_100_with_a_logo_and_accent_colour(branded: Path, tmp_path: Path) -> None:
    # The practice's accent arrives as an inline style allowed by its hash in the CSP, the icon is the logo.
    with serve(branded) as url:
        _assert_100(url + "index.html", tmp_path)


# Performance is scored from timings taken on this machine: when other work
# loads both cores, a 100 page can score 99. Accessibility, best practices
# and SEO are judged on the first run; performance gets up to three runs and
# must reach 100 in one of them.
PERFORMANCE_RUNS = 3


def _assert_100(page: str, tmp_path: Path) -> None:
    for attempt in range(1, PERFORMANCE_RUNS + 1):
        scores, failing = _lighthouse(page, tmp_path / f"run-{attempt}")
        others = {name: scores[name] for name in CATEGORIES if name != "performance"}
        if attempt == 1:
            assert others == dict.fromkeys(others, 1), (scores, failing)
        if scores["performance"] == 1:
            return
    assert scores == dict.fromkeys(CATEGORIES, 1), (scores, failing)


def _lighthouse(page: str, tmp_path: Path) -> tuple[dict[str, float], list[str]]:
    node = shutil.which("node")
    assert node and LIGHTHOUSE.exists(), "Lighthouse is not installed: run `make test` (it runs npm ci in tests/lighthouse)"
    tmp_path.mkdir()
    report = tmp_path / "lighthouse.json"
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS, f"--user-data-dir={tmp_path / 'profile'}"])
    subprocess.run(
        [
            node,
            str(LIGHTHOUSE),
            page,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={flags}",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        timeout=300,
    )
    result = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: result["categories"][name]["score"] for name in CATEGORIES}
    failing = [
        f"{category}: {audit['id']} {result['audits'][audit['id']].get('displayValue') or ''} "
        f"{result['audits'][audit['id']].get('explanation') or ''}"
        for category in CATEGORIES
        for audit in result["categories"][category]["auditRefs"]
        if audit["weight"] > 0
        and (result["audits"][audit["id"]]["score"] or 0) < 1
        and result["audits"][audit["id"]]["scoreDisplayMode"] == "binary"
    ]
    return scores, failing
