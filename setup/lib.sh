# shellcheck shell=bash
# Shared provisioning of setup/run and setup/test: PostgreSQL, Odoo 19, the
# Python packages of requirements.txt (and, for tests, requirements-test.txt)
# and (for tests) Chromium.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PAYMENT_PORTAL_PYTHON:-python3}
ODOO_SRC=${PAYMENT_PORTAL_ODOO:-}
# Odoo's official source release of 19.0 (nightly build of the source tree).
ODOO_RELEASE_URL=${PAYMENT_PORTAL_ODOO_URL:-https://nightly.odoo.com/19.0/nightly/src/odoo_19.0.latest.tar.gz}
CACHE_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/payment-portal
# shellcheck disable=SC2034  # ADDONS and EXTRA_MODULES: for setup/run and setup/test
ADDONS="payment_portal,payment_portal_gateway"
# What the demo and test databases install besides the two addons.
# shellcheck disable=SC2034
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
    # Odoo's setup.py builds without isolation: it needs wheel and a setuptools
    # that still has the commands it uses (cbor2 and prefork's gevent need <81).
    PIP_CONSTRAINT=/dev/null "$PYTHON" -m pip install -q "setuptools<81" wheel
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

# ODOO (the command) and ODOO_ADDONS_PATH: set by ensure_odoo for setup/run and setup/test.
ensure_odoo() {
    # shellcheck disable=SC2034
    ODOO_ADDONS_PATH=$ROOT
    if [ -n "$ODOO_SRC" ]; then
        [ -f "$ODOO_SRC/odoo/release.py" ] || die "--odoo $ODOO_SRC is not an Odoo source tree (no odoo/release.py)."
        local version
        version=$(cd "$ODOO_SRC" && { "$PYTHON" -c 'import odoo.release as r; print(r.version_info[0])' 2>/dev/null || true; })
        [ "$version" = 19 ] || die "The Odoo at $ODOO_SRC is not Odoo 19 (found: ${version:-unreadable})."
        export PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}"
        if [ -d "$ODOO_SRC/addons" ]; then
            # shellcheck disable=SC2034
            ODOO_ADDONS_PATH="$ODOO_SRC/addons,$ROOT"
        fi
        "$PYTHON" -c 'import werkzeug, psycopg2, lxml' 2>/dev/null || install_odoo_requirements "$ODOO_SRC"
    elif ! odoo_importable; then
        if "$PYTHON" -c 'import odoo' >/dev/null 2>&1; then
            die "$PYTHON imports an Odoo that is not version 19." \
                "Use --odoo PATH (or PAYMENT_PORTAL_ODOO=PATH) to name an Odoo 19 source tree."
        fi
        install_odoo_from_release
    fi
    # shellcheck disable=SC2034
    ODOO=("$PYTHON" -m odoo)
    log "Odoo 19: $("$PYTHON" -c 'import odoo.release, os; print(os.path.dirname(os.path.dirname(odoo.release.__file__)))')"
}

# --- Python packages ---------------------------------------------------------

ensure_python_deps() {
    # The requirement files of setup/ named as arguments: setup/run installs
    # the runtime's (requirements.txt), setup/test the test tools' as well
    # (requirements-test.txt).
    local reqs=() names="" args=() req
    for req in "$@"; do
        reqs+=("$ROOT/setup/$req")
        names="${names:+$names and }setup/$req"
    done
    if "$PYTHON" "$ROOT/setup/tools/check_requirements.py" "${reqs[@]}"; then
        return
    fi
    for req in "${reqs[@]}"; do args+=(-r "$req"); done
    log "installing Python packages from $names"
    PIP_CONSTRAINT=/dev/null "$PYTHON" -m pip install -q "${args[@]}" \
        || die "Could not install the packages of $names with $PYTHON -m pip."
}

# Packages the addons and tests import that come with Odoo's own requirements:
# an Odoo installed some other way may lack one, so each is checked by import.
ODOO_PYTHON_IMPORTS="requests urllib3 werkzeug cryptography psycopg2 markupsafe PIL lxml.html.clean"

ensure_python_imports() {
    # The distributions Odoo's own package declares: its 'odoo' launcher
    # refuses to start without every one of them (lxml_html_clean is missing
    # wherever Odoo's requirements.txt was installed for Python < 3.12; lxml
    # 5.2 and later need it for the HTML cleaner Odoo uses).
    local declared
    declared=$("$PYTHON" "$ROOT/setup/tools/odoo_missing_distributions.py")
    if [ -n "$declared" ]; then
        log "installing what Odoo's package declares and is missing: ${declared//$'\n'/ }"
        # The lxml in place stays: lxml_html_clean's latest release asks for
        # lxml 6.1, pip picks the release that fits the lxml Odoo runs on.
        local constraints
        constraints=$(mktemp)
        "$PYTHON" -c 'import lxml; print("lxml==" + lxml.__version__)' >"$constraints" 2>/dev/null || true
        # shellcheck disable=SC2086
        PIP_CONSTRAINT=$constraints "$PYTHON" -m pip install -q $declared \
            || { rm -f "$constraints"; die "Could not install ${declared//$'\n'/ } with $PYTHON -m pip."; }
        rm -f "$constraints"
    fi
    local module missing=()
    for module in $ODOO_PYTHON_IMPORTS; do
        "$PYTHON" -c "import $module" >/dev/null 2>&1 || missing+=("$module")
    done
    [ ${#missing[@]} = 0 ] || die "$PYTHON cannot import: ${missing[*]}." \
        "They come with Odoo 19's requirements: $PYTHON -m pip install -r <odoo>/requirements.txt"
}

# --- System tools --------------------------------------------------------------

# command|Debian package|what needs it. setup/run needs the first list, setup/test
# both. PostgreSQL and Chromium have functions of their own (below and above).
SYSTEM_TOOLS_RUN=(
    "wkhtmltopdf|wkhtmltopdf|PDF receipts attached to emails and downloaded from the portal"
)
SYSTEM_TOOLS_TEST=(
    "openssl|openssl|the Paya hosted-page test decrypts the page data with openssl enc"
    "runuser|util-linux|the live suite runs its own PostgreSQL cluster as the postgres user"
    "pgrep|procps|the live suite finds the prefork server's workers"
    "node|nodejs|the accessibility tests' axe-core (installed with npm)"
    "npm|npm|installs the pinned axe-core"
    "shellcheck|shellcheck|setup/test's lint step checks the shell scripts of setup/ and .ci/"
    "git|git|the Auto Pay migration test installs the previous version from the history (git archive)"
)

ensure_system_tools() {
    local entry tool package why missing=() packages=()
    for entry in "$@"; do
        IFS='|' read -r tool package why <<<"$entry"
        if ! command -v "$tool" >/dev/null; then
            missing+=("$tool ($why)")
            packages+=("$package")
        fi
    done
    [ ${#missing[@]} = 0 ] && return
    if command -v apt-get >/dev/null && as_root true 2>/dev/null; then
        log "installing Debian packages: ${packages[*]}"
        as_root apt-get update -qq >/dev/null || true
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${packages[@]}" >/dev/null || true
    fi
    local still=()
    for entry in "$@"; do
        IFS='|' read -r tool package why <<<"$entry"
        command -v "$tool" >/dev/null || still+=("$tool: $why (Debian/Ubuntu package $package)")
    done
    [ ${#still[@]} = 0 ] || die "Missing system tools; install them and run again:" "${still[@]}"
}

# The live suite makes PostgreSQL clusters of its own: it needs the server's
# initdb and pg_ctl, not only a running server.
ensure_postgres_server_tools() {
    local bindir
    bindir=$(pg_config --bindir 2>/dev/null || true)
    if [ -x "$bindir/initdb" ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then return; fi
    die "PostgreSQL's initdb is missing (the live tests create clusters of their own)." \
        "Install the PostgreSQL server package (Debian/Ubuntu: apt-get install postgresql)."
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
        if ! "$PYTHON" -m venv "$LOCUST_VENV" \
            || ! PIP_CONSTRAINT=/dev/null "$LOCUST_VENV/bin/pip" install -q -r "$req"; then
            die "Could not install locust (setup/requirements-load.txt) in $LOCUST_VENV."
        fi
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

# --- axe-core (the accessibility test) --------------------------------------

# axe-core comes from npm, pinned by tests/a11y/package.json and its lock file,
# installed with `npm ci` into a cache outside the repository (one directory
# per pinned version). The test finds the script through PAYMENT_PORTAL_AXE.
AXE_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/payment_portal/axe"

ensure_axe() {
    local pkg="$ROOT/tests/a11y" pinned dir
    pinned=$(sed -n 's/^ *"axe-core": *"\([^"]*\)".*/\1/p' "$pkg/package.json" | head -n1)
    [ -n "$pinned" ] || die "tests/a11y/package.json does not pin axe-core."
    dir="$AXE_CACHE/$pinned"
    if [ ! -f "$dir/node_modules/axe-core/axe.min.js" ]; then
        if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
            if command -v apt-get >/dev/null && as_root true 2>/dev/null; then
                log "installing Debian's nodejs and npm for axe-core (the accessibility test)"
                as_root apt-get update -qq >/dev/null || true
                DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq nodejs npm >/dev/null
            fi
        fi
        if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
            die "node and npm are needed to install axe-core for the accessibility test." \
                "Install them (Debian/Ubuntu: apt-get install nodejs npm), then run setup/test again."
        fi
        log "installing axe-core $pinned in $dir (npm ci, tests/a11y/package-lock.json)"
        rm -rf "$dir"
        mkdir -p "$dir"
        cp "$pkg/package.json" "$pkg/package-lock.json" "$dir/"
        (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null) \
            || die "Could not install axe-core $pinned with npm ci in $dir."
    fi
    export PAYMENT_PORTAL_AXE="$dir/node_modules/axe-core/axe.min.js"
}

provision() {
    # Odoo first: without it (and no way to download it) stop at once.
    ensure_odoo
    ensure_python_deps requirements.txt
    ensure_python_imports
    ensure_postgres
    ensure_system_tools "${SYSTEM_TOOLS_RUN[@]}"
}

# What setup/test needs on top of provision.
provision_tests() {
    ensure_python_deps requirements.txt requirements-test.txt
    ensure_system_tools "${SYSTEM_TOOLS_TEST[@]}"
    ensure_postgres_server_tools
    ensure_chromium
    ensure_axe
    ensure_locust
}

# A TCP port nothing listens on now, for servers a command starts.
free_port() {
    "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
