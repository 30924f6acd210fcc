# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Everything the addons and the tests use is installed or checked by setup/.

The test command must not depend on what happens to be on a developer's
machine: each third-party Python module imported anywhere in the repository
is pinned in a requirements file of setup/ or checked by setup/lib.sh, and
each program the tests start is installed or checked by setup/lib.sh.
"""

import ast
import importlib.metadata
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIB = (ROOT / "setup" / "lib.sh").read_text()
# Modules of this repository and of Odoo, imported by their own names.
OWN = {"odoo", "tests", "payment_portal", "payment_portal_gateway"}
# Installed with every Python setup works with: setup installs with pip.
WITH_PYTHON = {"pip"}


def _python_files():
    for folder in ("payment_portal", "payment_portal_gateway", "tests", "setup"):
        yield from (ROOT / folder).rglob("*.py")


def _third_party_imports():
    found = {}
    stdlib = set(sys.stdlib_module_names)
    for path in _python_files():
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in stdlib and top not in OWN | WITH_PYTHON:
                    found.setdefault(top, path.relative_to(ROOT))
    return found


# Run time (setup/run), test tools (setup/test), the load test's virtualenv.
REQUIREMENTS = ("requirements.txt", "requirements-test.txt", "requirements-load.txt")


def _requirement_names(req):
    names = set()
    for line in (ROOT / "setup" / req).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            names.add(re.split(r"[=<>!~;\[ ]", line)[0].lower().replace("_", "-"))
    return names


def _pinned_distributions():
    return set().union(*(_requirement_names(req) for req in REQUIREMENTS))


def test_every_imported_package_is_installed_or_checked_by_setup():
    checked = set(
        re.search(r'ODOO_PYTHON_IMPORTS="([^"]*)"', LIB)
        .group(1)
        .replace(".", " ")
        .split()
    )
    pinned = _pinned_distributions()
    distributions = importlib.metadata.packages_distributions()
    unaccounted = []
    for module, where in sorted(_third_party_imports().items()):
        dists = {d.lower().replace("_", "-") for d in distributions.get(module, [])}
        # locust lives in its own virtualenv (setup/requirements-load.txt)
        if module in checked or dists & pinned or module in pinned:
            continue
        unaccounted.append(f"{module} (imported in {where})")
    assert not unaccounted, (
        "pin these in setup/requirements*.txt or check them in setup/lib.sh "
        f"(ODOO_PYTHON_IMPORTS): {unaccounted}"
    )


def test_runtime_requirements_hold_no_test_tool():
    # setup/run installs requirements.txt only: what the addons import
    # outside their tests; the test tools are in requirements-test.txt.
    runtime = _requirement_names("requirements.txt")
    test = _requirement_names("requirements-test.txt")
    assert not runtime & test, runtime & test
    assert {"pytest", "pytest-odoo", "ruff", "pylint-odoo"} <= test
    distributions = importlib.metadata.packages_distributions()
    addons_imports = set()
    for folder in ("payment_portal", "payment_portal_gateway"):
        for path in (ROOT / folder).rglob("*.py"):
            if "tests" in path.relative_to(ROOT).parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.Import):
                    addons_imports |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    addons_imports.add(node.module.split(".")[0])
    for module in addons_imports:
        dists = {d.lower().replace("_", "-") for d in distributions.get(module, [])}
        assert not dists & test, f"{module}: the addons need it at run time"
    setup = {
        name: (ROOT / "setup" / name).read_text() for name in ("lib.sh", "run", "test")
    }
    assert (
        "ensure_python_deps requirements.txt requirements-test.txt" in setup["lib.sh"]
    )
    assert "provision_tests" not in setup["run"] and "provision_tests" in setup["test"]


def _programs_started_by_tests():
    programs = {}
    for path in (ROOT / "tests").rglob("*.py"):
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            name = (
                func.attr
                if isinstance(func, ast.Attribute)
                else getattr(func, "id", "")
            )
            if name not in {"run", "Popen", "check_call", "check_output", "call"}:
                continue
            argv = node.args[0]
            if isinstance(argv, ast.List | ast.Tuple) and argv.elts:
                first = argv.elts[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    programs.setdefault(first.value, path.relative_to(ROOT))
    return programs


def test_every_program_the_tests_start_is_installed_or_checked_by_setup():
    tools = set(re.findall(r'^\s*"([\w.-]+)\|', LIB, flags=re.MULTILINE))
    # PostgreSQL's client and server programs come with ensure_postgres and
    # ensure_postgres_server_tools; the setup commands are this repository's.
    postgres = {
        "psql",
        "createdb",
        "dropdb",
        "initdb",
        "pg_ctl",
        "postgres",
        "pg_config",
    }
    started = _programs_started_by_tests()
    assert started, "the scan found no program at all: it is broken"
    unaccounted = [
        f"{program} (started in {where})"
        for program, where in sorted(started.items())
        if program not in tools | postgres | {"bash"}
        and not program.startswith(("-", "/"))
    ]
    assert not unaccounted, f"install or check these in setup/lib.sh: {unaccounted}"


def test_a_missing_system_tool_stops_setup_with_what_to_install(tmp_path):
    # A PATH without apt-get: setup cannot install, it must say what is missing.
    bindir = tmp_path / "bin"
    bindir.mkdir()
    for program in ("bash", "dirname", "id", "python3"):
        target = subprocess.run(
            ["bash", "-c", f"command -v {program}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        (bindir / program).symlink_to(target)
    script = (
        f'source "{ROOT}/setup/lib.sh"; '
        'ensure_system_tools "pp-no-such-tool|pp-no-such-package|the example feature"'
    )
    result = subprocess.run(
        ["bash", "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PATH": str(bindir)},
    )
    assert result.returncode != 0
    assert "pp-no-such-tool: the example feature" in result.stderr
    assert "package pp-no-such-package" in result.stderr
