"""`gonghui check --deploy` passes with production settings (README, production section)."""
import os
import secrets
import subprocess
import sys


def test_check_deploy_passes_with_production_settings(tmp_path):
    env = dict(os.environ, GONGHUI_ENV="production", GONGHUI_SECRET_KEY=secrets.token_urlsafe(60),
               GONGHUI_ALLOWED_HOSTS="gonghui.example.org", GONGHUI_DATA_DIR=str(tmp_path))
    # A production environment has neither of these (browser tests set the second while they run).
    env.pop("GONGHUI_DEBUG", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run([sys.executable, "-m", "gonghui", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = dict(os.environ, GONGHUI_ENV="production", GONGHUI_DATA_DIR=str(tmp_path))
    env.pop("GONGHUI_SECRET_KEY", None)
    result = subprocess.run([sys.executable, "-m", "gonghui", "check"], env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0 and "GONGHUI_SECRET_KEY" in result.stderr
