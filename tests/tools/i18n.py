"""Refresh an addon's translation files: export the .pot from a database where the addon is installed
(with demo data, so demo terms are included), then rebuild es.po and es_419.po from it, keeping every
existing translation and taking new ones from JSON files ({"English msgid": "Spanish"}, or
{"msgid": {"es": "...", "es_419": "..."}}). Prints the msgids still untranslated.

    .venv/bin/python -m tests.tools.i18n customer_base DB [translations.json ...]
"""

import json
import subprocess
import sys
from pathlib import Path

import polib

REPO_ROOT = Path(__file__).resolve().parents[2]
LANGS = ("es", "es_419")


def export_pot(addon, db):
    pot = REPO_ROOT / addon / "i18n" / f"{addon}.pot"
    subprocess.run(
        [str(REPO_ROOT / "setup" / "odoo"), "-d", db, f"--i18n-export={pot}", f"--modules={addon}",
         "--stop-after-init", "--log-level=warn"],
        check=True,
    )  # fmt: skip
    return pot


def refresh(addon, db, translation_files):
    pot = polib.pofile(str(export_pot(addon, db)))
    new_terms = {}
    for path in translation_files:
        new_terms.update(json.loads(Path(path).read_text(encoding="utf-8")))
    missing = set()
    for lang in LANGS:
        po_path = REPO_ROOT / addon / "i18n" / f"{lang}.po"
        old = {}
        if po_path.exists():
            old = {entry.msgid: entry.msgstr for entry in polib.pofile(str(po_path)) if entry.msgstr}
        po = polib.pofile(str(pot))
        po.metadata["Language"] = lang
        for entry in po:
            term = new_terms.get(entry.msgid)
            if isinstance(term, dict):
                term = term.get(lang) or term.get("es")
            entry.msgstr = old.get(entry.msgid) or term or ""
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            if not entry.msgstr:
                missing.add(entry.msgid)
        po.save(str(po_path))
    return sorted(missing)


if __name__ == "__main__":
    untranslated = refresh(sys.argv[1], sys.argv[2], sys.argv[3:])
    print(json.dumps({msgid: "" for msgid in untranslated}, ensure_ascii=False, indent=1))
