"""``styr generate`` and ``styr serve``."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from styr.demo import server
from styr.demo.server import ServeOptions, StyrServer
from styr.organisation.models import Municipality


@pytest.mark.django_db
def test_generate_prints_counts_and_ends_with_the_municipality_id() -> None:
    out = io.StringIO()
    call_command("generate", "--size", "s", "--seed", "5", stdout=out)
    lines = out.getvalue().strip().splitlines()
    municipality = Municipality.objects.get()
    assert lines[-1] == str(municipality.pk)
    assert any(line.startswith("followup.Measurement") for line in lines)


def test_serve_options_refuse_a_bad_port() -> None:
    with pytest.raises(ValueError, match="port"):
        ServeOptions(port=0)
    with pytest.raises(ValueError, match="workers"):
        ServeOptions(workers=0)


def test_the_gunicorn_application_binds_where_asked_and_serves_styr() -> None:
    app = StyrServer(ServeOptions("127.0.0.1", 8123, 3))
    assert app.cfg.bind == ["127.0.0.1:8123"]
    assert app.cfg.workers == 3
    from styr.wsgi import application

    assert app.load() is application


def test_serve_collects_static_files_prints_the_url_and_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[Any] = []
    monkeypatch.setattr(server, "call_command", lambda *args, **kw: calls.append(args[0]))
    monkeypatch.setattr(StyrServer, "run", lambda self: calls.append(self.options.port))
    out = io.StringIO()
    call_command("serve", "--port", "8765", stdout=out)
    assert calls == ["collectstatic", 8765]
    assert "http://127.0.0.1:8765/" in out.getvalue()


def test_serve_refuses_a_bad_port_with_a_command_error() -> None:
    with pytest.raises(CommandError, match="port"):
        call_command("serve", "--port", "70000")
