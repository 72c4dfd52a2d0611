"""pytest plugin loaded by setup/test: a skipped test is a failure unless it is expected.

pytest-odoo skips every HttpCase without --odoo-http, and Odoo skips browser tests when websocket-client
or Chromium is missing; such a skip must not pass for a green run. Expected skips (Odoo core tests that
skip themselves for reasons unrelated to this project) are listed in tests/expected_skips.txt, one
"<node id substring> | <reason substring>" per line.
"""

import csv
from pathlib import Path

import pytest

_EXPECTED = Path(__file__).with_name("expected_skips.txt")


def _expected_skips():
    rules = []
    for line in _EXPECTED.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            node, _, reason = (part.strip() for part in line.partition("|"))
            rules.append((node, reason))
    return rules


def _skip_reason(report):
    if isinstance(report.longrepr, tuple):
        return str(report.longrepr[2])
    return str(report.longrepr)


_config = None


def pytest_configure(config):
    global _config  # noqa: PLW0603  (hooks without a config argument need it)
    _config = config
    # Odoo's server command raises the csv field limit at start (odoo/cli/server.py); tests run in-process
    # must see the same limit, or base_import refuses large cells that a real server accepts.
    csv.field_size_limit(500 * 1024 * 1024)
    config._unexpected_skips = []
    config._expected_skip_rules = _expected_skips()


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session):
    """Read every module's manifest once, in this thread, before the tests' HTTP server answers requests.

    Odoo parses manifests lazily with ``ast.literal_eval``, on the first request that needs them (the
    static-file route's ``statics``). A browser's first page load sends many such requests at once, and
    CPython 3.11 up to 3.11.7 raises "SystemError: AST constructor recursion depth mismatch" when threads
    build ASTs at the same time (python/cpython#106905): an asset answered with an error page and a failed
    tour. Once read, manifests are cached for the process."""
    if session.config.getoption("collectonly", False):
        return
    import odoo.http  # noqa: PLC0415  (pytest-odoo has configured Odoo by now)

    _ = odoo.http.root.statics


def pytest_runtest_logreport(report):
    if not report.skipped or hasattr(report, "wasxfail"):
        return
    config = _config
    reason = _skip_reason(report)
    for node, why in config._expected_skip_rules:
        if node in report.nodeid and why in reason:
            return
    config._unexpected_skips.append((report.nodeid, reason))


def pytest_sessionfinish(session):
    if session.config._unexpected_skips:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    unexpected = config._unexpected_skips
    if unexpected:
        terminalreporter.section("unexpected skips (they fail the run)", red=True)
        for nodeid, reason in unexpected:
            terminalreporter.line(f"{nodeid}: {reason}")
