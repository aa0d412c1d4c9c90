"""A plain `pip install .` ships the rules and the migrations inside the package."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return next(out.glob("docintel-*.whl"))


def test_issue2_wheel_ships_every_rules_file_and_the_migrations(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for rules_file in sorted((ROOT / "rules").glob("*.yaml")):
        assert f"docintel/rules/{rules_file.name}" in names
    assert "docintel/store/migrations/env.py" in names
    assert any(n.startswith("docintel/store/migrations/versions/") for n in names)
    assert "docintel/py.typed" in names


def test_installed_package_finds_its_rules_outside_the_source_tree(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = "import docintel._rules as r; print(r.rules_dir()); r.load('doc_types')"
    env = {"PYTHONPATH": str(target) + ":" + ":".join(p for p in sys.path if "site-packages" in p), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == str(target / "docintel" / "rules")
