# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Test helpers shared by the suite's addons."""

import socket
import subprocess
import sys
import time
import xmlrpc.client
from pathlib import Path

import odoo
from odoo.tests import new_test_user
from odoo.tools import config

ODOO_BIN = Path(odoo.__file__).resolve().parent.parent / "odoo-bin"


def make_user(env, login, *groups):
    """An internal user holding exactly ``groups`` (xmlids), for role tests."""
    return new_test_user(env, login=login, groups=",".join(groups))


def menus_shown(env, user):
    """xmlids of the menus the web client shows ``user``: the tree load_menus() sends it."""
    menus = env["ir.ui.menu"].with_user(user).load_menus(debug=False)
    shown, todo = set(), list(menus["root"]["children"])
    while todo:
        menu = menus[todo.pop()]
        shown.add(menu["xmlid"])
        todo.extend(menu["children"])
    return shown


def free_port():
    """A TCP port free on the loopback interface right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_odoo_server(db, workers=0, log=subprocess.DEVNULL, timeout=120):
    """Start a real odoo-bin (this test run's config) serving ``db`` on a free local port; return its URL
    and process once it answers XML-RPC. Stop it with :func:`stop_odoo_server`."""
    port = free_port()
    cmd = [
        sys.executable, str(ODOO_BIN), "-c", config.rcfile, "-d", db, "--db-filter", f"^{db}$",
        "--http-interface", "127.0.0.1", "--http-port", str(port), "--gevent-port", str(free_port()),
        "--workers", str(workers), "--max-cron-threads", "0", "--log-level", "warn",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        try:
            xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").version()
            return url, proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"the Odoo server on {db} did not start") from None
            time.sleep(0.5)


def stop_odoo_server(proc):
    proc.terminate()
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()


# Seconds a whole tour may take (Odoo's default is 60): on a machine whose cores are busy the tours wait
# longer for the states they need (see static/tests/tours/utils/patience.js); a passing tour takes seconds.
TOUR_TIMEOUT = 300
