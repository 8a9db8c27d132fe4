"""Problems on their line in a GitLab merge request: a Code Quality report.

On GitHub every problem becomes an annotation (:mod:`.ci_annotations`). GitLab
shows a problem beside its line when the job publishes a *Code Quality
report*: a JSON array of issues, each with ``description``, ``check_name``,
``fingerprint``, ``severity`` and ``location.path`` / ``location.lines.begin``
(https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format).

When ``GITLAB_CI=true`` (or ``POLICY_CODE_QUALITY`` names a file), each
located warning and error is appended, as one JSON line, to a log beside the
build (the PDF is built by a second process, which appends to the same log);
at the end of the command the log is added to ``_build/gl-code-quality-report.json``,
one entry per problem (so ``make check`` then ``make html`` in one job keep both). ``.gitlab-ci.yml`` declares that file under
``artifacts: reports: codequality:``, kept when the job fails.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging as sphinx_logging

from ..text.advice import ADVICE_SUBTYPES
from .ci_annotations import Located, LocatedProblemHandler

if TYPE_CHECKING:
    from sphinx.application import Sphinx

REPORT_NAME = "gl-code-quality-report.json"
_LOG_VARIABLE = "POLICY_CODE_QUALITY_LOG"


def enabled() -> bool:
    return os.environ.get("GITLAB_CI") == "true" or bool(os.environ.get("POLICY_CODE_QUALITY"))


def report_path(out: Path) -> Path:
    chosen = os.environ.get("POLICY_CODE_QUALITY")
    return Path(chosen) if chosen else out / REPORT_NAME


def issue(description: str, check_name: str, path: str, line: int | None, severity: str) -> dict[str, Any]:
    """One entry of GitLab's Code Quality report."""
    begin = line or 1
    fingerprint = hashlib.sha256(f"{check_name}\0{path}\0{begin}\0{description}".encode()).hexdigest()
    return {
        "description": description,
        "check_name": check_name,
        "fingerprint": fingerprint,
        "severity": severity,
        "location": {"path": path, "lines": {"begin": begin}},
    }


class CodeQualityLog(LocatedProblemHandler):
    """Appends each located warning or error of a build to the JSON-lines log."""

    def __init__(self, app: Sphinx, log: Path) -> None:
        super().__init__(app, sys.stderr)
        self.log = log

    def report(self, record: logging.LogRecord, where: Located) -> None:
        file, line, _, message, ours, subtype = where
        kind = getattr(record, "type", None) or "sphinx"
        advice = ours and subtype in ADVICE_SUBTYPES and record.levelno < logging.ERROR
        entry = issue(message, f"{kind}.{subtype}" if subtype else kind, file or "conf.py", line, "minor" if advice else "major")
        with self.log.open("a", encoding="utf-8") as stream:
            stream.write(json.dumps(entry) + "\n")


def install(app: Sphinx) -> None:
    """Add the log handler for this Sphinx application, when a report is being collected."""
    log = os.environ.get(_LOG_VARIABLE)
    if log:
        logging.getLogger(sphinx_logging.NAMESPACE).addHandler(CodeQualityLog(app, Path(log)))


def start(out: Path) -> Path | None:
    """Begin collecting (called by the command before building); the log's path, or None when not in GitLab."""
    if not enabled():
        return None
    out.mkdir(parents=True, exist_ok=True)
    log = out / ".code-quality.jsonl"
    log.unlink(missing_ok=True)
    os.environ[_LOG_VARIABLE] = str(log)
    return log


def finish(log: Path | None, out: Path, extra: list[dict[str, Any]] | None = None) -> Path | None:
    """Write the report from the log: one entry per problem, in the order found. An empty report is ``[]``."""
    if log is None:
        return None
    os.environ.pop(_LOG_VARIABLE, None)
    target = report_path(out)
    entries: dict[str, dict[str, Any]] = {}
    if target.exists():
        # An earlier command of the same job (make check, then make html) keeps what it found.
        try:
            entries = {entry["fingerprint"]: entry for entry in json.loads(target.read_text(encoding="utf-8"))}
        except (ValueError, KeyError, TypeError):
            entries = {}
    if log.exists():
        for text in log.read_text(encoding="utf-8").splitlines():
            entry = json.loads(text)
            entries.setdefault(entry["fingerprint"], entry)
        log.unlink()
    for entry in extra or []:
        entries.setdefault(entry["fingerprint"], entry)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(list(entries.values()), indent=2) + "\n", encoding="utf-8")
    return target
