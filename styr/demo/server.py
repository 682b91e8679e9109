"""``styr serve``: Styr behind gunicorn, with static files collected for whitenoise."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.management import call_command
from gunicorn.app.base import BaseApplication


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2

    def __post_init__(self) -> None:
        if not 0 < self.port < 65536:
            raise ValueError(f"--port must be between 1 and 65535, got {self.port}")
        if self.workers < 1:
            raise ValueError(f"--workers must be at least 1, got {self.workers}")

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"


class StyrServer(BaseApplication):
    """Gunicorn run from Python, so ``styr serve`` needs no separate config file."""

    def __init__(self, options: ServeOptions) -> None:
        self.options = options
        super().__init__()

    def gunicorn_settings(self) -> dict[str, Any]:
        return {
            "bind": f"{self.options.host}:{self.options.port}",
            "workers": self.options.workers,
            "accesslog": "-",
        }

    def load_config(self) -> None:
        for key, value in self.gunicorn_settings().items():
            self.cfg.set(key, value)

    def load(self) -> Callable[..., Any]:
        from styr.wsgi import application

        return application


def serve(options: ServeOptions, say: Callable[[str], None]) -> None:
    call_command("collectstatic", interactive=False, verbosity=0)
    say(options.url)
    StyrServer(options).run()
