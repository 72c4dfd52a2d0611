"""Fixtures for the cross-addon tests: a real Odoo server and the project's command line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

import odoo

REPO_ROOT = Path(__file__).resolve().parent.parent
ODOO_BIN = Path(odoo.__file__).resolve().parent.parent / "odoo-bin"
ADDONS = ("customer_base", "customer_segmentation", "customer_consent")
BRIDGE_ADDONS = (
    "customer_base_account",
    "customer_base_sale",
    "customer_segmentation_mass_mailing",
    "customer_consent_mass_mailing",
    "customer_consent_mass_mailing_sms",
)


def odoo_cli(*args, timeout=600, check=True, input_script=None):
    """Run odoo-bin with the project's config (the same as setup/odoo) and return the completed process."""
    cmd = [sys.executable, str(ODOO_BIN)]
    if args and not args[0].startswith("-"):
        cmd.append(args[0])
        args = args[1:]
    cmd += ["-c", odoo.tools.config.rcfile, *args]
    proc = subprocess.run(
        cmd, capture_output=True, text=True, timeout=timeout, check=False, input=input_script
    )
    if check and proc.returncode:
        raise AssertionError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def drop_database(name):
    subprocess.run(["dropdb", "--if-exists", name], check=True)
    filestore = Path(odoo.tools.config["data_dir"]) / "filestore" / name
    if filestore.exists():
        subprocess.run(["rm", "-rf", str(filestore)], check=True)


@pytest.fixture(scope="session")
def db_name():
    return odoo.tools.config["db_name"]


@pytest.fixture(scope="session")
def odoo_server(db_name):
    """A real Odoo server process on a free local port, serving the test database."""
    # imported here: odoo.addons.* resolves once pytest-odoo has read the configuration
    from odoo.addons.customer_base.tests.common import start_odoo_server, stop_odoo_server  # noqa: PLC0415

    log = open(REPO_ROOT / ".odoo-data" / f"test-server-{db_name}-{os.getpid()}.log", "w")  # noqa: SIM115
    try:
        url, proc = start_odoo_server(db_name, log=log)
    except RuntimeError as error:
        raise RuntimeError(f"{error}; see {log.name}") from None
    yield url
    stop_odoo_server(proc)
    log.close()


@pytest.fixture
def scratch_db(db_name):
    """Name of a throw-away database, dropped after the test."""
    name = f"{db_name}_scratch_{os.getpid()}"
    drop_database(name)
    yield name
    drop_database(name)
