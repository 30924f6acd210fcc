# shellcheck shell=bash
# Shared provisioning of setup/run and setup/test: PostgreSQL, Odoo 19, the
# Python packages of requirements.txt and (for tests) Chromium.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PAYMENT_PORTAL_PYTHON:-python3}
ODOO_SRC=${PAYMENT_PORTAL_ODOO:-}
# Odoo's official source release of 19.0 (nightly build of the source tree).
ODOO_RELEASE_URL=${PAYMENT_PORTAL_ODOO_URL:-https://nightly.odoo.com/19.0/nightly/src/odoo_19.0.latest.tar.gz}
CACHE_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/payment-portal
ADDONS="payment_portal,payment_portal_gateway"
# What the demo and test databases install besides the two addons.
EXTRA_MODULES="website,payment_demo"

log() { printf '[setup] %s\n' "$*" >&2; }
die() {
    printf '[setup] ERROR: %s\n' "$1" >&2
    shift || true
    for line in "$@"; do printf '[setup]   %s\n' "$line" >&2; done
    exit 1
}
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

usage_common() {
    cat <<USAGE
  --odoo PATH     use the Odoo 19 source tree at PATH (or PAYMENT_PORTAL_ODOO=PATH)
  --python PY     the Python interpreter to use (or PAYMENT_PORTAL_PYTHON=PY; default python3)
USAGE
}

# --- PostgreSQL --------------------------------------------------------------

pg_ready() { psql -d postgres -Atqc 'select 1' >/dev/null 2>&1; }

ensure_postgres() {
    if pg_ready; then return; fi
    if ! command -v pg_ctlcluster >/dev/null && ! command -v pg_ctl >/dev/null \
        && ! command -v postgres >/dev/null && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
        if command -v apt-get >/dev/null && as_root true 2>/dev/null; then
            log "PostgreSQL is not installed: installing it with apt-get"
            as_root apt-get update -qq >/dev/null
            DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
        else
            die "PostgreSQL is not installed." \
                "Install PostgreSQL 12 or newer (Debian/Ubuntu: apt-get install postgresql;" \
                "Fedora: dnf install postgresql-server; macOS: brew install postgresql@15)," \
                "start it, and create a superuser role named '$(id -un)'."
        fi
    fi
    if command -v pg_lsclusters >/dev/null; then
        # start every installed cluster that is down
        while read -r version name _port status _rest; do
            [ "$status" = down ] || continue
            log "starting PostgreSQL cluster $version/$name"
            as_root pg_ctlcluster "$version" "$name" start || true
        done < <(pg_lsclusters --no-header 2>/dev/null)
    fi
    for _ in $(seq 1 20); do
        if psql -d postgres -Atqc 'select 1' >/dev/null 2>&1; then return; fi
        if as_root su postgres -c "psql -Atqc 'select 1'" >/dev/null 2>&1; then break; fi
        sleep 0.5
    done
    if ! pg_ready; then
        local role
        role=$(id -un)
        log "creating the PostgreSQL role '$role'"
        as_root su postgres -c "createuser --superuser '$role'" >/dev/null 2>&1 || true
    fi
    pg_ready || die "PostgreSQL does not accept connections as '$(id -un)'." \
        "Start PostgreSQL and create a superuser role for this user:" \
        "  sudo -u postgres createuser --superuser $(id -un)"
}

# --- Odoo 19 ----------------------------------------------------------------

odoo_importable() {
    "$PYTHON" -c 'import odoo.release as r, sys; sys.exit(r.version_info[0] != 19)' >/dev/null 2>&1
}

install_odoo_from_release() {
    local dest="$CACHE_DIR/odoo-19.0" tarball="$CACHE_DIR/odoo_19.0.tar.gz"
    mkdir -p "$CACHE_DIR"
    log "Odoo 19 is not installed for $PYTHON: downloading Odoo's source release"
    log "  $ODOO_RELEASE_URL"
    if ! curl -fsSL --connect-timeout 10 --max-time 900 -o "$tarball.part" "$ODOO_RELEASE_URL"; then
        rm -f "$tarball.part"
        die "Odoo 19 is missing and could not be downloaded." \
            "$PYTHON cannot 'import odoo' (version 19), and $ODOO_RELEASE_URL is out of reach." \
            "Either install Odoo 19 for $PYTHON (from its source: pip install -r requirements.txt," \
            "then pip install -e . in an Odoo 19 checkout), or point setup at an existing Odoo 19" \
            "source tree: setup/$(basename "$0") --odoo /path/to/odoo (or PAYMENT_PORTAL_ODOO=/path/to/odoo)."
    fi
    mv "$tarball.part" "$tarball"
    rm -rf "$dest" && mkdir -p "$dest"
    tar -xzf "$tarball" -C "$dest" --strip-components=1
    install_odoo_requirements "$dest"
    "$PYTHON" -m pip install -q --no-deps --no-build-isolation "$dest"
    odoo_importable || die "Odoo 19 was installed from $ODOO_RELEASE_URL but $PYTHON still cannot import it."
}

install_odoo_requirements() {
    # Odoo pins setuptools-era packages: cbor2 builds only with setuptools<81;
    # python-ldap (LDAP login only) needs system headers and is left out.
    local src=$1 constraints
    constraints=$(mktemp)
    printf 'setuptools<81\n' >"$constraints"
    grep -v '^python-ldap' "$src/requirements.txt" >"$constraints.req"
    PIP_CONSTRAINT=$constraints "$PYTHON" -m pip install -q -r "$constraints.req"
    rm -f "$constraints" "$constraints.req"
}

ensure_odoo() {
    ODOO_ADDONS_PATH=$ROOT
    if [ -n "$ODOO_SRC" ]; then
        [ -f "$ODOO_SRC/odoo/release.py" ] || die "--odoo $ODOO_SRC is not an Odoo source tree (no odoo/release.py)."
        local version
        version=$(cd "$ODOO_SRC" && "$PYTHON" -c 'import odoo.release as r; print(r.version_info[0])' 2>/dev/null || true)
        [ "$version" = 19 ] || die "The Odoo at $ODOO_SRC is not Odoo 19 (found: ${version:-unreadable})."
        export PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}"
        [ -d "$ODOO_SRC/addons" ] && ODOO_ADDONS_PATH="$ODOO_SRC/addons,$ROOT"
        "$PYTHON" -c 'import werkzeug, psycopg2, lxml' 2>/dev/null || install_odoo_requirements "$ODOO_SRC"
    elif ! odoo_importable; then
        if "$PYTHON" -c 'import odoo' >/dev/null 2>&1; then
            die "$PYTHON imports an Odoo that is not version 19." \
                "Use --odoo PATH (or PAYMENT_PORTAL_ODOO=PATH) to name an Odoo 19 source tree."
        fi
        install_odoo_from_release
    fi
    ODOO=("$PYTHON" -m odoo)
    log "Odoo 19: $("$PYTHON" -c 'import odoo.release, os; print(os.path.dirname(os.path.dirname(odoo.release.__file__)))')"
}

# --- Python packages ---------------------------------------------------------

ensure_python_deps() {
    local req="$ROOT/setup/requirements.txt"
    if "$PYTHON" - "$req" <<'PY'
import sys
from importlib.metadata import PackageNotFoundError, version

missing = []
for line in open(sys.argv[1]):
    line = line.split("#")[0].strip()
    if not line:
        continue
    name, _, pinned = line.partition("==")
    try:
        if version(name) != pinned:
            missing.append(line)
    except PackageNotFoundError:
        missing.append(line)
sys.exit(1 if missing else 0)
PY
    then
        return
    fi
    log "installing Python packages from setup/requirements.txt"
    PIP_CONSTRAINT=/dev/null "$PYTHON" -m pip install -q -r "$req" \
        || die "Could not install the packages of setup/requirements.txt with $PYTHON -m pip."
}

# --- Locust (the live suite's load run) --------------------------------------

# Locust lives in a virtual environment of its own: its gevent is newer than
# the one Odoo 19 pins. The load test finds it through PAYMENT_PORTAL_LOCUST.
LOCUST_VENV="${XDG_CACHE_HOME:-$HOME/.cache}/payment_portal/locust-venv"

ensure_locust() {
    local req="$ROOT/setup/requirements-load.txt" pinned
    pinned=$(sed -n 's/^locust==//p' "$req")
    if [ "$("$LOCUST_VENV/bin/locust" --version 2>/dev/null | awk '{print $2}')" != "$pinned" ]; then
        log "installing locust $pinned in $LOCUST_VENV (the load test's own environment)"
        rm -rf "$LOCUST_VENV"
        "$PYTHON" -m venv "$LOCUST_VENV" \
            && PIP_CONSTRAINT=/dev/null "$LOCUST_VENV/bin/pip" install -q -r "$req" \
            || die "Could not install locust (setup/requirements-load.txt) in $LOCUST_VENV."
    fi
    export PAYMENT_PORTAL_LOCUST="$LOCUST_VENV/bin/locust"
}

# --- Chromium (browser tests) ------------------------------------------------

chromium_bin() {
    local bin
    for bin in chromium chromium-browser google-chrome google-chrome-stable; do
        if command -v "$bin" >/dev/null; then command -v "$bin"; return 0; fi
    done
    return 1
}

ensure_chromium() {
    if chromium_bin >/dev/null; then return; fi
    if command -v apt-get >/dev/null && as_root true 2>/dev/null; then
        log "installing Debian's chromium for the browser tests"
        as_root apt-get update -qq >/dev/null || true
        # 150 passes Odoo 19's tours; newer builds crash its website editor.
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq \
            chromium=150.0.7871.100-1~deb12u1 chromium-common=150.0.7871.100-1~deb12u1 >/dev/null 2>&1 \
            || DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
    fi
    chromium_bin >/dev/null || die "Chromium is needed for the browser tests and is not installed." \
        "Install it (Debian/Ubuntu: apt-get install chromium), then run setup/test again."
}

# --- wkhtmltopdf (PDF receipts, attached to the receipt emails) -------------

ensure_wkhtmltopdf() {
    if command -v wkhtmltopdf >/dev/null; then return; fi
    if command -v apt-get >/dev/null && as_root true 2>/dev/null; then
        log "installing Debian's wkhtmltopdf for the PDF receipts"
        as_root apt-get update -qq >/dev/null || true
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq \
            --no-install-recommends wkhtmltopdf >/dev/null
    fi
    command -v wkhtmltopdf >/dev/null || die "wkhtmltopdf is needed for the PDF receipts (the receipt" \
        "emails attach one) and is not installed." \
        "Install it (Debian/Ubuntu: apt-get install wkhtmltopdf), then run the command again."
}

provision() {
    # Odoo first: without it (and no way to download it) stop at once.
    ensure_odoo
    ensure_python_deps
    ensure_postgres
}
