"""The project's own command line: setup/install is idempotent; the addons install and uninstall cleanly."""

import hashlib
import json
import os
import subprocess

import pytest

import odoo

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


# What the install filled for the partners that existed before it, against what the ORM computes for them.
CHECK_EXISTING = """
import json
partners = env["res.partner"].with_context(active_test=False).search([("id", "<=", %(last_id)s)])
keys = [name for name in partners._fields if name.startswith("customer_") and name.endswith("_key")]
wrong = {"completeness": [], "keys": [], "customer": [], "stage": [], "history": []}
prospect = env.ref("customer_base.stage_prospect")
for partner in partners:
    new = partner.new(origin=partner)
    new._compute_customer_completeness()
    new._compute_customer_duplicate_keys()
    new._compute_is_customer()
    if new.is_customer != partner.is_customer or partner.customer_rating != 5:
        wrong["customer"].append(partner.id)
    if new.customer_completeness != partner.customer_completeness:
        wrong["completeness"].append(partner.id)
    if any(new[key] != partner[key] for key in keys):
        wrong["keys"].append(partner.id)
    if partner.lifecycle_stage_id != prospect or partner.lifecycle_stage_date != partner.create_date:
        wrong["stage"].append(partner.id)
    stays = partner.lifecycle_history_ids
    if len(stays) != 1 or stays.stage_id != prospect or stays.date_end or stays.date_start != partner.create_date:
        wrong["history"].append(partner.id)
env.cr.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'res_partner' AND indexdef LIKE '%%trgm%%'"
               " AND indexdef LIKE '%%customer_name_key%%'")
print("CHECK", json.dumps({"partners": len(partners), "kinds": sorted(set(partners.mapped("type"))),
                           "companies": len(partners.filtered("is_company")),
                           "scores": len(set(partners.mapped("customer_completeness"))),
                           "trigram_indexes": env.cr.fetchone()[0], **wrong}))
"""


def _fill_stock_database(db, count):
    """The addons' dependencies without demo, and ``count`` partners of every kind inserted by SQL, as the
    install bench makes them. Returns the highest partner id."""
    from .bench.bench import build_partners  # noqa: PLC0415 - the bench's generator
    from .bench.measures_install import STOCK_MODULES, diversify_partners  # noqa: PLC0415

    odoo_cli("-d", db, "-i", STOCK_MODULES, "--without-demo=all", "--stop-after-init", "--log-level=warn")
    with odoo.sql_db.db_connect(db).cursor() as cr:
        cr.execute("SELECT max(id) + 1 FROM res_partner")
        first_id = cr.fetchone()[0]
        build_partners(cr, count)
        diversify_partners(cr, first_id)
        cr.execute("SELECT max(id) FROM res_partner")
        last_id = cr.fetchone()[0]
    odoo.sql_db.close_db(db)
    return last_id


@pytest.mark.parametrize(
    "base", ["demo", "empty", "existing"], ids=["with-demo", "without-demo", "on-existing-partners"]
)
def test_addons_install_and_uninstall_cleanly(scratch_db, base):
    """The three addons install on a new database, or on a stock one holding partners (which get their
    customer flag, stage, history, completeness and match keys by SQL, equal to what the ORM computes),
    and uninstall, leaving no menu or group behind."""
    args = ["-d", scratch_db, "-i", ",".join(ADDONS), "--stop-after-init", "--log-level=warn"]
    if base != "demo":
        args.append("--without-demo=all")
    last_id = _fill_stock_database(scratch_db, 300) if base == "existing" else None
    odoo_cli(*args)
    assert _module_states(scratch_db) == dict.fromkeys(ADDONS, "installed")
    if last_id:
        proc = odoo_cli("shell", "-d", scratch_db, "--log-level=warn", "--no-http",
                        input_script=CHECK_EXISTING % {"last_id": last_id})  # fmt: skip
        check = json.loads(proc.stdout.split("CHECK ", 1)[1])
        assert check["partners"] > 300
        assert check["kinds"] == ["contact", "delivery"]
        assert check["companies"] >= 30
        assert check["scores"] >= 4
        assert check["trigram_indexes"] == 0  # equal names go through the btree (tools/match_keys.py)
        for key in ("completeness", "keys", "customer", "stage", "history"):
            assert check[key] == [], key

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
