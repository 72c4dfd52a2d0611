"""Fixtures for the cross-addon tests: a real Odoo server and the project's command line."""

import os
import socket
import subprocess
import sys
import time
import xmlrpc.client
from pathlib import Path

import pytest

import odoo

REPO_ROOT = Path(__file__).resolve().parent.parent
ODOO_BIN = Path(odoo.__file__).resolve().parent.parent / "odoo-bin"
ADDONS = ("customer_base", "customer_segmentation", "customer_consent")
BRIDGE_ADDONS = ("customer_base_account", "customer_base_sale")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
    port = free_port()
    log = open(REPO_ROOT / ".odoo-data" / f"test-server-{port}.log", "w")  # noqa: SIM115
    cmd = [
        sys.executable, str(ODOO_BIN), "-c", odoo.tools.config.rcfile,
        "-d", db_name, "--db-filter", f"^{db_name}$",
        "--http-interface", "127.0.0.1", "--http-port", str(port), "--gevent-port", str(free_port()),
        "--workers", "0", "--max-cron-threads", "0", "--log-level", "warn",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").version()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"Odoo server did not start; see {log.name}") from None
            time.sleep(0.5)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture
def scratch_db(db_name):
    """Name of a throw-away database, dropped after the test."""
    name = f"{db_name}_scratch_{os.getpid()}"
    drop_database(name)
    yield name
    drop_database(name)
