"""Spanish is first-class: every user-facing string of our addons ships in es and es_419."""

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

from .conftest import ADDONS, BRIDGE_ADDONS, REPO_ROOT


def _catalog(addon, name):
    return polib.pofile(str(REPO_ROOT / addon / "i18n" / name))


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def test_pot_lists_every_string_of_the_code(self):
        """The shipped .pot holds every translatable string Odoo finds in each addon today."""
        for addon in ADDONS + BRIDGE_ADDONS:
            with self.subTest(addon=addon):
                reader = TranslationModuleReader(self.env.cr, modules=[addon])
                found = {
                    source for _module, _type, _name, _res_id, source, _value, _comments in reader if source
                }
                shipped = {entry.msgid for entry in _catalog(addon, f"{addon}.pot")}
                self.assertFalse(found - shipped, f"strings missing from {addon}.pot: regenerate it")

    def test_every_string_translated_in_es_and_es_419(self):
        """es.po and es_419.po translate every entry of the .pot, none fuzzy."""
        for addon in ADDONS + BRIDGE_ADDONS:
            pot = {entry.msgid for entry in _catalog(addon, f"{addon}.pot")}
            for lang in ("es", "es_419"):
                with self.subTest(addon=addon, lang=lang):
                    po = _catalog(addon, f"{lang}.po")
                    translated = {e.msgid for e in po if e.msgstr and "fuzzy" not in e.flags}
                    self.assertEqual(pot - translated, set(), f"{addon}/{lang}.po lacks translations")

    def test_spanish_labels_reach_the_user(self):
        """With Spanish loaded, the roles, the app and its menus read in Spanish."""
        for lang in ("es_419", "es_ES"):
            self.env["res.lang"]._activate_lang(lang)
        self.env["ir.module.module"].search([("name", "in", ADDONS)])._update_translations(
            filter_lang=["es_419", "es_ES"], overwrite=True
        )
        for lang in ("es_419", "es_ES"):
            env = self.env(context={"lang": lang})
            with self.subTest(lang=lang):
                self.assertEqual(env.ref("customer_base.group_customer_salesperson").name, "Vendedor")
                self.assertEqual(env.ref("customer_base.group_customer_manager").name, "Responsable")
                self.assertEqual(env.ref("customer_base.group_customer_director").name, "Director")
                self.assertEqual(env.ref("customer_base.menu_customer_root").name, "Clientes")
                self.assertEqual(env.ref("customer_base.module_category_customers").name, "Clientes")
                self.assertEqual(
                    env.ref("customer_segmentation.menu_customer_segmentation").name, "Segmentación"
                )
                self.assertEqual(env.ref("customer_consent.menu_customer_consent").name, "Consentimiento")
