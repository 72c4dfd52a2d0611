"""The test harness itself: a skipped test must not pass for a green run."""

import subprocess
import sys

from .conftest import REPO_ROOT


def _run_pytest(folder):
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:odoo", "-p", "tests.harness", "-p", "no:cacheprovider", str(folder)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_unexpected_skip_fails_the_run(tmp_path):
    """A run whose only test skips itself exits 1 and names the skip."""
    (tmp_path / "test_skipping.py").write_text(
        "import pytest\n\n\ndef test_later():\n    pytest.skip('not today')\n"
    )
    proc = _run_pytest(tmp_path)
    assert proc.returncode == 1, proc.stdout
    assert "unexpected skips (they fail the run)" in proc.stdout
    assert "test_later: Skipped: not today" in proc.stdout


def test_passing_run_stays_green(tmp_path):
    """The harness changes nothing for a run without skips."""
    (tmp_path / "test_fine.py").write_text("def test_fine():\n    assert 1 + 1 == 2\n")
    proc = _run_pytest(tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert "1 passed" in proc.stdout
