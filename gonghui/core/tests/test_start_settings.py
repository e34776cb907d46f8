"""scripts/start runs with DEBUG off (unless GONGHUI_DEBUG=1): pages, assets (WhiteNoise) and Chinese 404s."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[3]


def _start_debug_default() -> str:
    match = re.search(r"GONGHUI_DEBUG=\$\{GONGHUI_DEBUG:-(\w*)\}", (ROOT / "scripts" / "start").read_text())
    assert match, "scripts/start sets GONGHUI_DEBUG"
    return match.group(1)


def _settings_under(env_extra: dict) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GONGHUI_DEBUG", "GONGHUI_ENV")}
    env.update(env_extra, DJANGO_SETTINGS_MODULE="gonghui.settings", PYTHONPATH=str(ROOT))
    code = ("from django.conf import settings as s; print(s.DEBUG); print(','.join(s.ALLOWED_HOSTS)); "
            "print(s.WHITENOISE_USE_FINDERS)")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return out.stdout.split()


def test_start_command_runs_with_debug_off():
    debug, hosts, finders = _settings_under({"GONGHUI_DEBUG": _start_debug_default()})
    assert debug == "False"
    assert {"127.0.0.1", "localhost"} <= set(hosts.split(","))
    assert finders == "True"  # assets served by WhiteNoise straight from the finders, no collectstatic needed
    # …and a developer can still ask for Django's debug pages.
    assert _settings_under({"GONGHUI_DEBUG": "1"})[0] == "True"


@pytest.mark.django_db
def test_with_debug_off_pages_assets_and_404_work(settings):
    settings.DEBUG = False
    client = Client(HTTP_HOST="127.0.0.1")
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    html = page.content.decode()
    for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', html):
        response = client.get(asset)
        assert response.status_code == 200, asset
        b"".join(response.streaming_content) if response.streaming else response.content
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in html
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    text = missing.content.decode()
    assert "页面不存在" in text and "Page not found" not in text and "URLconf" not in text
