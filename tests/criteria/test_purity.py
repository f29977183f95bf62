"""The engine is pure Python: importing it loads no Django, and mypy --strict passes on it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ENGINE = REPO / "screening" / "criteria"
PYTHON = REPO / ".venv" / "bin" / "python"
MYPY = REPO / ".venv" / "bin" / "mypy"

CHECK_NO_DJANGO = """
import sys
import screening.criteria
loaded = sorted(name for name in sys.modules if name == "django" or name.startswith("django."))
print(",".join(loaded))
sys.exit(1 if loaded else 0)
"""


def test_importing_the_engine_loads_no_django_module() -> None:
    # A fresh interpreter: this test process has Django loaded by pytest-django already.
    python = PYTHON if PYTHON.exists() else Path(sys.executable)
    result = subprocess.run(
        [str(python), "-c", CHECK_NO_DJANGO],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, f"Django modules loaded: {result.stdout}{result.stderr}"


@pytest.mark.parametrize("path", sorted(ENGINE.glob("*.py")), ids=lambda p: p.name)
def test_no_engine_module_imports_django(path: Path) -> None:
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        assert not any(name.split(".")[0] == "django" for name in names), (path.name, names)


def test_mypy_strict_passes_on_the_engine() -> None:
    if not MYPY.exists():
        pytest.fail(f"{MYPY} is missing: install requirements-dev.txt")
    # No arguments: pyproject.toml's [tool.mypy] names screening/criteria and strict = true.
    result = subprocess.run(
        [str(MYPY)], cwd=REPO, capture_output=True, text=True, timeout=280, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "screening/criteria" in _mypy_files()


def _mypy_files() -> str:
    text = (REPO / "pyproject.toml").read_text()
    section = text.split("[tool.mypy]", 1)[1].split("\n[", 1)[0]
    assert "strict = true" in section
    return section
