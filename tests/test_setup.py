"""The project's own command line: setup/install is idempotent; the addons install and uninstall cleanly."""

import hashlib
import os
import subprocess

import pytest

from .conftest import ADDONS, REPO_ROOT, odoo_cli


def _snapshot():
    """What setup/install may change: the config, the venv's install stamp and its installed packages."""
    venv = REPO_ROOT / ".venv"
    site = next((venv / "lib").glob("python3*/site-packages"))
    return {
        "odoorc": (REPO_ROOT / ".odoorc").read_bytes(),
        "odoorc_mtime": (REPO_ROOT / ".odoorc").stat().st_mtime_ns,
        "stamp_mtime": (venv / ".install-stamp").stat().st_mtime_ns,
        "packages": hashlib.sha256("\n".join(sorted(p.name for p in site.iterdir())).encode()).hexdigest(),
    }


def test_install_twice_changes_nothing():
    """A second setup/install run reports everything up to date and touches no file."""
    first = subprocess.run([REPO_ROOT / "setup/install"], capture_output=True, text=True, check=True)
    before = _snapshot()
    second = subprocess.run([REPO_ROOT / "setup/install"], capture_output=True, text=True, check=True)
    assert _snapshot() == before
    assert "up to date" in second.stdout
    assert "unchanged" in second.stdout
    assert "Installing" not in second.stdout, first.stdout


def _module_states(db):
    out = subprocess.run(
        ["psql", "-d", db, "-Atq", "-v", f"names={','.join(ADDONS)}"],
        input="SELECT name, state FROM ir_module_module WHERE name = ANY(string_to_array(:'names', ','))",
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return dict(line.split("|") for line in out.split())


UNINSTALL = """
modules = env["ir.module.module"].search([("name", "in", %r)])
modules.button_immediate_uninstall()
env.cr.commit()
"""


@pytest.mark.parametrize("demo", [True, False], ids=["with-demo", "without-demo"])
def test_addons_install_and_uninstall_cleanly(scratch_db, demo):
    """The three addons install on a new database and uninstall, leaving no menu or group behind."""
    args = ["-d", scratch_db, "-i", ",".join(ADDONS), "--stop-after-init", "--log-level=warn"]
    if not demo:
        args.append("--without-demo=all")
    odoo_cli(*args)
    assert _module_states(scratch_db) == dict.fromkeys(ADDONS, "installed")

    odoo_cli("shell", "-d", scratch_db, "--log-level=warn", "--no-http", input_script=UNINSTALL % (ADDONS,))
    assert _module_states(scratch_db) == dict.fromkeys(ADDONS, "uninstalled")
    leftovers = subprocess.run(
        ["psql", "-d", scratch_db, "-Atc",
         "SELECT count(*) FROM ir_model_data WHERE module IN ('customer_base', 'customer_segmentation', "
         "'customer_consent')"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert leftovers == "0"


def _fake_odoo_tree(root, version_info):
    (root / "odoo").mkdir(parents=True)
    (root / "addons" / "web").mkdir(parents=True)
    (root / "odoo-bin").write_text("#!/usr/bin/env python3\n")
    (root / "odoo" / "release.py").write_text(f"version_info = {version_info!r}\n")
    return root


@pytest.mark.parametrize(
    ("version_info", "message"),
    [
        ((17, 0, 0, "final", 0, ""), "found Odoo 17.0; this project needs 18.0"),
        ((18, 0, 0, "final", 0, "e"), "(Enterprise); this project needs Community"),
    ],
    ids=["odoo-17", "enterprise"],
)
def test_install_refuses_a_tree_that_is_not_odoo_18_community(tmp_path, version_info, message):
    """ODOO_SOURCE pointing at another Odoo is refused with a clear message, before anything is installed."""
    tree = _fake_odoo_tree(tmp_path / "odoo", version_info)
    before = _snapshot()
    proc = subprocess.run(
        [REPO_ROOT / "setup/install"],
        capture_output=True, text=True, env={**os.environ, "ODOO_SOURCE": str(tree)},
    )  # fmt: skip
    assert proc.returncode != 0
    assert message in proc.stdout + proc.stderr
    assert "is not Odoo 18.0 Community" in proc.stderr
    assert _snapshot() == before


def test_install_refuses_a_folder_that_is_not_odoo(tmp_path):
    """ODOO_SOURCE pointing at any other folder is refused, naming what is missing."""
    proc = subprocess.run(
        [REPO_ROOT / "setup/install"],
        capture_output=True, text=True, env={**os.environ, "ODOO_SOURCE": str(tmp_path)},
    )  # fmt: skip
    assert proc.returncode != 0
    assert "is not an Odoo source tree" in proc.stderr
