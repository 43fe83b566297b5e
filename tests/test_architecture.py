"""The import contract in .importlinter: packages import along the declared lines only."""
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT = str(Path(sys.executable).with_name("lint-imports"))


def lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([LINT, "--no-cache", "--config", str(ROOT / ".importlinter")],
                          cwd=root, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=120)


def test_the_code_keeps_the_contract():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_an_import_against_the_lines_breaks_it(tmp_path):
    # The same tree with one import upwards: core reaching into an area.
    shutil.copytree(ROOT / "buurt", tmp_path / "buurt",
                    ignore=shutil.ignore_patterns("__pycache__", "translations", "static"))
    clock = tmp_path / "buurt" / "core" / "clock.py"
    clock.write_text(clock.read_text() + "\nfrom buurt.market import models  # noqa\n")
    result = lint(tmp_path)
    assert result.returncode == 1
    assert "Packages import downwards only BROKEN" in result.stdout
    assert "buurt.core.clock -> buurt.market.models" in result.stdout
