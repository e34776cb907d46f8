"""scripts/setup run in a scratch copy of the project with stand-ins for apt-get, npm and fc-list on PATH."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _stub(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text("#!/usr/bin/env bash\n" + body)
    path.chmod(0o755)


@pytest.fixture
def project(tmp_path):
    """A project folder whose venv and Python packages count as installed, so only apt and npm steps run."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "setup", tmp_path / "scripts" / "setup")
    (tmp_path / "frontend").mkdir()
    (tmp_path / "frontend" / "package-lock.json").write_text('{"name": "gonghui-frontend", "lockfileVersion": 3}\n')
    (tmp_path / "requirements.lock").write_text("django==5.2\n")
    venv = tmp_path / ".venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(shutil.which("python3"))
    (venv / "bin" / "activate").write_text("")
    shutil.copy(tmp_path / "requirements.lock", venv / ".installed-lock")
    bin_dir = tmp_path / "stubs"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    # npm ci writes its own hidden lockfile, which never equals package-lock.json byte for byte.
    _stub(bin_dir, "npm", f'echo "npm $*" >> {log}\nmkdir -p node_modules\n'
                          'echo \'{"hidden": true}\' > node_modules/.package-lock.json\n')
    _stub(bin_dir, "apt-get", f'echo "apt-get $*" >> {log}\n')
    return tmp_path, bin_dir, log


def _run(project_dir: Path, bin_dir: Path, *args: str) -> None:
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    subprocess.run(["bash", "scripts/setup", *args], cwd=project_dir, env=env, check=True,
                   capture_output=True, text=True, timeout=60)


def test_npm_ci_runs_once_while_the_lock_is_unchanged(project):
    project_dir, bin_dir, log = project
    _stub(bin_dir, "fc-list", 'echo "Noto Sans CJK SC"\n')
    _run(project_dir, bin_dir)
    _run(project_dir, bin_dir)
    assert log.read_text().count("npm ci") == 1
    (project_dir / "frontend" / "package-lock.json").write_text('{"name": "gonghui-frontend", "lockfileVersion": 3, "x": 1}\n')
    _run(project_dir, bin_dir)
    assert log.read_text().count("npm ci") == 2


def test_apt_waits_for_another_apt_process_instead_of_failing(project):
    project_dir, bin_dir, log = project
    _stub(bin_dir, "fc-list", "true\n")  # the CJK fonts are missing, so apt-get installs them
    _run(project_dir, bin_dir)
    apt_calls = [line for line in log.read_text().splitlines() if line.startswith("apt-get")]
    assert len(apt_calls) == 2  # update, install
    assert all("DPkg::Lock::Timeout=" in line for line in apt_calls)
