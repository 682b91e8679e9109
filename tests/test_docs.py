"""The docs are part of the product: they must name every command and setting there is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def styr_commands() -> list[str]:
    names = []
    for path in (ROOT / "styr").glob("*/management/commands/*.py"):
        if not path.name.startswith("_"):
            names.append(path.stem)
    return sorted(names)


def test_the_project_has_commands_at_all() -> None:
    assert "demo" in styr_commands()


@pytest.mark.parametrize("name", styr_commands())
def test_every_command_is_documented(name: str) -> None:
    text = (DOCS / "commands.md").read_text(encoding="utf-8")
    assert f"`styr {name}" in text, f"docs/commands.md does not describe `styr {name}`"


def environment_variables() -> list[str]:
    source = (ROOT / "styr" / "settings.py").read_text(encoding="utf-8")
    return sorted(set(re.findall(r'env_\w+\(\s*"([A-Z][A-Z0-9_]+)"', source)))


def test_settings_read_environment_variables() -> None:
    assert "DATABASE_URL" in environment_variables()


@pytest.mark.parametrize("variable", environment_variables())
def test_every_setting_is_documented(variable: str) -> None:
    text = (DOCS / "settings.md").read_text(encoding="utf-8")
    assert f"`{variable}`" in text, f"docs/settings.md does not describe {variable}"


def linked_pages(page: Path) -> set[str]:
    return set(re.findall(r"\]\(([\w./-]+\.md)\)", page.read_text(encoding="utf-8")))


@pytest.mark.parametrize("page", sorted(p.name for p in DOCS.glob("*.md")))
def test_every_docs_page_is_reachable_from_the_index(page: str) -> None:
    reachable = linked_pages(DOCS / "index.md") | linked_pages(DOCS / "architecture.md")
    reachable.add("index.md")
    assert page in reachable, f"docs/{page} is linked from neither index.md nor architecture.md"


@pytest.mark.parametrize("page", sorted(p.name for p in DOCS.glob("*.md")))
def test_links_between_docs_pages_resolve(page: str) -> None:
    for target in linked_pages(DOCS / page):
        if "/" not in target:
            assert (DOCS / target).exists(), f"docs/{page} links to missing {target}"
