# Shared helpers for the setup/ entry points (sourced, not executed).
# shellcheck shell=bash
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$REPO_ROOT/.venv"
ODOORC="$REPO_ROOT/.odoorc"
ODOO_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/customer-base/odoo-18.0"
ADDONS="customer_base,customer_segmentation,customer_consent"
# Optional bridges, installed automatically (auto_install) when Invoicing / Sales / Email / SMS Marketing are installed.
BRIDGE_ADDONS="customer_base_account,customer_base_sale,customer_segmentation_mass_mailing,customer_consent_mass_mailing,customer_consent_mass_mailing_sms"

say()  { printf '\033[1m==> %s\033[0m\n' "$*"; }
info() { printf '    %s\n' "$*"; }
die()  { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

# The Odoo source tree recorded by setup/install.
odoo_source() {
    [ -f "$VENV/odoo-source" ] && cat "$VENV/odoo-source"
}

# Run setup/install unless it already completed for the current inputs.
ensure_installed() {
    if [ ! -f "$VENV/odoo-source" ] || [ ! -f "$ODOORC" ]; then
        "$REPO_ROOT/setup/install" || exit 1
    else
        "$REPO_ROOT/setup/install" --quiet || exit 1
    fi
}

# Odoo needs the command name first (`odoo shell -c ...`), options after it.
odoo_cmd() {
    local cmd=()
    case "${1:-}" in
        ""|-*) ;;
        *) cmd=("$1"); shift ;;
    esac
    "$VENV/bin/python" "$(odoo_source)/odoo-bin" "${cmd[@]}" -c "$ODOORC" "$@"
}
