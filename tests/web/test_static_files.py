"""Static files leave the app precompressed and, under hashed names, cached for good; plotly.js never blocks a page.

Production storage is exercised on a small static tree (the coverage app's own files): compressing plotly.min.js
with brotli takes about 20 s, and WhiteNoise treats every file alike.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import brotli
import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, override_settings
from django.urls import reverse

from lindung.core.management.commands.demo import Command as DemoCommand
from tests.coverage.conftest import AS_OF, city_with_members
from tests.factories import World

COVERAGE_STATIC = Path(__file__).resolve().parents[2] / "src" / "lindung" / "coverage" / "static"
PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DEMO_STORAGES = {
    **PRODUCTION_STORAGES,
    "staticfiles": {"BACKEND": "lindung.web.staticfiles.GzipManifestStaticFilesStorage"},
}
TEN_YEARS = "max-age=315360000"


def _static_settings(root: Path, source: Path, storages: dict[str, Any] = PRODUCTION_STORAGES) -> override_settings:
    return override_settings(
        STATIC_ROOT=root,
        STORAGES=storages,
        STATICFILES_DIRS=[str(source)],
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        DEBUG=False,
        WHITENOISE_AUTOREFRESH=False,  # as in production: WhiteNoise indexes STATIC_ROOT once, at start
    )


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_a_hashed_static_file_is_sent_compressed_and_cached_for_ten_years(tmp_path: Path) -> None:
    original = (COVERAGE_STATIC / "coverage" / "dashboard.js").read_bytes()
    with _static_settings(tmp_path / "static", COVERAGE_STATIC):
        call_command("collectstatic", interactive=False, verbosity=0)
        url = static("coverage/dashboard.js")
        assert re.fullmatch(r"/static/coverage/dashboard\.[0-9a-f]{12}\.js", url), url
        client = Client()  # a new handler: WhiteNoise indexes STATIC_ROOT when its middleware starts

        gzipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert gzipped.status_code == 200
        assert gzipped["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in gzipped["Vary"]
        assert TEN_YEARS in gzipped["Cache-Control"] and "immutable" in gzipped["Cache-Control"]
        body = _body(gzipped)
        assert len(body) < len(original)
        assert gzip.decompress(body) == original

        brotlied = client.get(url, HTTP_ACCEPT_ENCODING="br, gzip")
        assert brotlied["Content-Encoding"] == "br"
        assert brotli.decompress(_body(brotlied)) == original

        plain = client.get(url)
        assert not plain.has_header("Content-Encoding")
        assert _body(plain) == original

        # The unhashed name may change content under the same URL: a short max-age, never immutable.
        unhashed = client.get("/static/coverage/dashboard.js", HTTP_ACCEPT_ENCODING="gzip")
        assert unhashed.status_code == 200
        assert unhashed["Cache-Control"] == "max-age=60, public"
        assert gzip.decompress(_body(unhashed)) == original


def test_the_demo_collects_and_compresses_only_when_the_sources_change(tmp_path: Path) -> None:
    source = tmp_path / "source"
    (source / "js").mkdir(parents=True)
    script = source / "js" / "chart.js"
    script.write_text("function draw() { return 'chart'; }\n" * 200)
    root = tmp_path / "static"
    with _static_settings(root, source, DEMO_STORAGES), override_settings(VAR_DIR=tmp_path):
        DemoCommand().collect_static()
        first = (root / "staticfiles.json").read_text()
        # gzip only in the demo (brotli would add most of a minute to its first start)
        assert (root / "js" / "chart.js.gz").exists() and not (root / "js" / "chart.js.br").exists()
        manifest_time = (root / "staticfiles.json").stat().st_mtime_ns

        DemoCommand().collect_static()
        assert (root / "staticfiles.json").stat().st_mtime_ns == manifest_time  # nothing changed: not collected

        script.write_text("function draw() { return 'new chart'; }\n" * 200)
        DemoCommand().collect_static()
        assert (root / "staticfiles.json").read_text() != first  # a new hash for the new content
        assert gzip.decompress((root / "js" / "chart.js.gz").read_bytes()) == script.read_bytes()


def _scripts(html: str) -> list[str]:
    return re.findall(r"<script\b[^>]*\bsrc=\"[^\"]*\"[^>]*>", html)


@pytest.mark.django_db
def test_plotly_is_deferred_and_runs_before_the_chart_scripts(world: World) -> None:
    from lindung.coverage.refresh import coverage_refresh

    city = city_with_members(world)
    coverage_refresh(region=city.world.medan, as_of=AS_OF)
    client = Client()
    client.force_login(world.users["coordinator"], backend="django.contrib.auth.backends.ModelBackend")
    pages = {
        "dashboard": client.get(reverse("coverage_dashboard")),
        "district": client.get(reverse("coverage_district", args=[city.south.code])),
        "agency": client.get(reverse("partnership_agency", args=[world.agency.pk])),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        scripts = _scripts(response.content.decode())
        plotly = [tag for tag in scripts if "plotly/plotly.min.js" in tag]
        assert len(plotly) == 1 and " defer" in plotly[0], (name, scripts)
        # every chart page draws with the one chart script (one configuration), deferred after plotly.js
        charts = [tag for tag in scripts if "coverage/dashboard.js" in tag]
        assert len(charts) == 1 and " defer" in charts[0], (name, scripts)
        assert scripts.index(plotly[0]) < scripts.index(charts[0]), name


def _settings_printed(environment: dict[str, str], code: str) -> list[str]:
    """What ``code`` prints in a fresh process whose settings come from ``environment`` alone (no test env)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LINDUNG_", "DJANGO_", "DATABASE_URL"))}
    env.update({**environment, "DJANGO_SETTINGS_MODULE": "lindung.config.settings"})
    result = subprocess.run(
        [sys.executable, "-m", "lindung.cli", "shell", "--no-imports", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_production_settings_serve_static_files_through_whitenoise_with_compressed_manifest(tmp_path: Path) -> None:
    production = {
        "LINDUNG_ENV": "production",
        "LINDUNG_VAR_DIR": str(tmp_path),
        "LINDUNG_SECRET_KEY": Fernet.generate_key().decode() * 2,
        "LINDUNG_FIELD_KEYS": Fernet.generate_key().decode(),
        "LINDUNG_INDEX_KEY": "index-key-for-the-static-check",
        "LINDUNG_ALLOWED_HOSTS": "lindung.example.go.id",
    }
    code = (
        "from django.conf import settings as s; "
        "print(s.STORAGES['staticfiles']['BACKEND']); print(s.MIDDLEWARE[:2]); print(s.DEBUG, s.WHITENOISE_USE_FINDERS)"
    )
    assert _settings_printed(production, code) == [
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "['django.middleware.security.SecurityMiddleware', 'whitenoise.middleware.WhiteNoiseMiddleware']",
        "False False",
    ]


def test_demo_settings_compress_with_gzip_only(tmp_path: Path) -> None:
    demo = {"LINDUNG_ENV": "demo", "LINDUNG_VAR_DIR": str(tmp_path)}
    code = "from django.conf import settings as s; print(s.STORAGES['staticfiles']['BACKEND'])"
    assert _settings_printed(demo, code) == ["lindung.web.staticfiles.GzipManifestStaticFilesStorage"]


def test_plotly_widget_bundle_is_never_collected() -> None:
    from django.apps import apps
    from django.contrib.staticfiles import finders

    ignore = apps.get_app_config("staticfiles").ignore_patterns  # what collectstatic adds to its own ignores
    names = {Path(path).name for finder in finders.get_finders() for path, _storage in finder.list(ignore)}
    assert "plotly.min.js" in names and "widgetbundle.js" not in names
