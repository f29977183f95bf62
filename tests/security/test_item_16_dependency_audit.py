"""security.md item 16: dependencies audited. `make lint` (which `make test`, and so CI, runs)
runs bandit at every severity; `make audit` runs pip-audit --strict, which fails when it could
not check a dependency instead of passing silently. pip-audit is not in `make lint` yet because
this workplace's CI reaches no vulnerability service (see the Makefile and SECURITY.md)."""

import re
import subprocess
import sys
from pathlib import Path

from tests.reminders.smtp import free_port

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def makefile_target(name: str) -> str:
    text = (REPO / "Makefile").read_text()
    match = re.search(rf"^{name}:.*?\n((?:\t.*\n)+)", text, re.M)
    assert match, name
    return match.group(1)


def test_item_16_make_lint_runs_bandit_and_make_audit_a_strict_pip_audit():
    lint = makefile_target("lint")
    assert "bandit" in lint and "-r screening trd_clinic" in lint
    audit = makefile_target("audit")
    assert "pip-audit --strict" in audit and "-r requirements.txt" in audit
    assert "--ignore-vuln" not in audit
    prerequisites = re.findall(r"^test:(.*)$", (REPO / "Makefile").read_text(), re.M)
    assert any("lint" in line.split() for line in prerequisites), prerequisites


def test_item_16_both_tools_are_pinned_for_every_machine():
    dev = (REPO / "requirements-dev.txt").read_text()
    assert re.search(r"^pip-audit==\S+$", dev, re.M)
    assert re.search(r"^bandit==\S+$", dev, re.M)


def test_item_16_bandit_finds_nothing_in_the_app():
    result = subprocess.run(
        [BIN / "bandit", "--quiet", "-c", "pyproject.toml", "-r", "screening", "trd_clinic"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_item_16_pip_audit_strict_fails_when_the_vulnerability_service_is_unreachable(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("Django==5.2.19\n")
    dead = f"http://127.0.0.1:{free_port()}/v1/query"  # nothing listens there
    command = [
        BIN / "pip-audit", "--no-deps", "--disable-pip", "--progress-spinner", "off",
        "--vulnerability-service", "osv", "--osv-url", dead, "--timeout", "3",
        "-r", requirements,
    ]  # fmt: skip
    lenient = subprocess.run(command, capture_output=True, text=True, timeout=120)
    strict = subprocess.run([*command, "--strict"], capture_output=True, text=True, timeout=120)
    # Without --strict an unchecked dependency would pass silently; with it, the run fails.
    assert strict.returncode != 0, strict.stdout + strict.stderr
    assert lenient.returncode == 0 or lenient.returncode == strict.returncode
