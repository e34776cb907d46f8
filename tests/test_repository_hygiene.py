"""The checkout holds code, not a developer's data: no secret key, no database file, no upload folder."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

FORBIDDEN_NAMES = {"secret_key", ".env"}
FORBIDDEN_SUFFIXES = (".sqlite3", ".sqlite3-journal", ".dump", ".pem", ".key")


@pytest.mark.skipif(not shutil.which("git") or not (ROOT / ".git").exists(), reason="not a git checkout")
def test_no_secret_or_database_file_is_tracked():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    offending = [
        path for path in tracked
        if Path(path).name in FORBIDDEN_NAMES or path.endswith(FORBIDDEN_SUFFIXES) or path.startswith("data/")
    ]
    assert offending == [], f"tracked files that must never be committed: {offending}"


@pytest.mark.skipif(not shutil.which("git") or not (ROOT / ".git").exists(), reason="not a git checkout")
@pytest.mark.parametrize("path", ["secret_key", "gonghui.sqlite3", "data/secret_key", "data/gonghui.sqlite3"])
def test_development_data_is_ignored(path):
    result = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT)
    assert result.returncode == 0, f"{path} is not ignored by .gitignore"
