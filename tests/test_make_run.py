"""`make run` tells the app its own address, so links and QR codes point where it serves."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Stands in for flask in the recipe: prints the BASE_URL each step would see.
PRINT_BASE_URL = f"{sys.executable} -c 'import os; print(os.environ.get(\"BASE_URL\"))'"


def base_urls(*make_args, **env):
    environment = {k: v for k, v in os.environ.items() if k != "BASE_URL"} | env
    # -o: the install and the catalogues are taken as done; only the recipe's steps run.
    result = subprocess.run(
        ["make", "-s", "-o", "translations", "-o", ".venv/.installed-run", "run",
         f"FLASK={PRINT_BASE_URL}", *make_args],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


@pytest.mark.skipif(not (ROOT / ".venv").exists(), reason="needs the Makefile's .venv")
def test_make_run_points_links_at_its_own_host_and_port():
    assert base_urls() == {"http://127.0.0.1:5000"}
    assert base_urls("PORT=5101") == {"http://127.0.0.1:5101"}
    assert base_urls("HOST=0.0.0.0", "PORT=8080") == {"http://0.0.0.0:8080"}


@pytest.mark.skipif(not (ROOT / ".venv").exists(), reason="needs the Makefile's .venv")
def test_a_base_url_from_the_environment_wins():
    assert base_urls("PORT=5101", BASE_URL="https://buurt.example.org") == {
        "https://buurt.example.org"}


def test_base_url_and_proxy_count_come_from_the_environment():
    code = "import config; print(config.Config.BASE_URL, config.Config.PROXY_COUNT)"
    env = os.environ | {"BASE_URL": "https://buurt.example.org", "PROXY_COUNT": "2"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["https://buurt.example.org", "2"]
    env = {k: v for k, v in os.environ.items() if k not in ("BASE_URL", "PROXY_COUNT")}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["http://127.0.0.1:5000", "0"]
