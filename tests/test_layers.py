"""The layers' contract: which first-party package may import which.

Every `import x` and `from x import y` of every .py file of the packages counts, wherever it stands (inside a
function, under `if TYPE_CHECKING:`); relative imports are resolved against the file's own package.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "drafts", "storage", "handlers", "aggregation", "scheduled", "bot")
# What an allow-list rule counts as first-party: the packages, and the code beside them that is not shipped.
FIRST_PARTY = frozenset({*PACKAGES, "tests", "bench"})


@dataclass(frozen=True)
class Rule:
    package: str
    text: str
    # First-party top-level packages the package may import besides itself; None: any, bar `forbidden`.
    allowed: frozenset[str] | None = None
    # Top-level names (first- or third-party) the package may not import.
    forbidden: frozenset[str] = frozenset()

    def breaks(self, imported: str) -> bool:
        top = imported.split(".")[0]
        if top == self.package:
            return False
        if top in self.forbidden:
            return True
        return self.allowed is not None and top in FIRST_PARTY and top not in self.allowed


RULES = {
    rule.package: rule
    for rule in (
        Rule("core", "core imports nothing first-party", allowed=frozenset()),
        Rule("drafts", "drafts imports only core", allowed=frozenset({"core"})),
        Rule("storage", "storage imports only core and drafts", allowed=frozenset({"core", "drafts"})),
        Rule(
            "handlers",
            "handlers imports no bot, aggregation, scheduled, telegram, aiohttp or httpx",
            forbidden=frozenset({"bot", "aggregation", "scheduled", "telegram", "aiohttp", "httpx"}),
        ),
        Rule(
            "aggregation",
            "aggregation imports no handlers, bot or scheduled",
            forbidden=frozenset({"handlers", "bot", "scheduled"}),
        ),
        Rule("scheduled", "scheduled imports no bot", forbidden=frozenset({"bot"})),
    )
}


def module_name(relative: Path) -> str:
    """`storage/migrations/env.py` -> `storage.migrations.env`; a package's `__init__.py` is the package."""
    parts = list(relative.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(source: str, relative: Path) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) for every import statement of the file at `relative` (to the root)."""
    module = module_name(relative)
    package = module if relative.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source, filename=str(relative))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                assert node.module is not None
                yield node.lineno, node.module
                continue
            parts = package.split(".") if package else []
            if node.level > len(parts):
                raise ValueError(f"{relative}:{node.lineno}: relative import beyond the top-level package")
            base = ".".join(parts[: len(parts) - (node.level - 1)])
            if node.module is not None:
                yield node.lineno, f"{base}.{node.module}"
            else:  # `from . import x`: each name is a module of the base package
                for alias in node.names:
                    yield node.lineno, f"{base}.{alias.name}"


def violations_in(source: str, relative: Path) -> list[str]:
    rule = RULES.get(relative.parts[0])
    if rule is None:
        return []
    return [
        f"{relative.as_posix()}:{line} imports {imported} (rule: {rule.text})"
        for line, imported in sorted(imports(source, relative))
        if rule.breaks(imported)
    ]


def package_files(package: str) -> list[Path]:
    return sorted(p for p in (ROOT / package).rglob("*.py") if "__pycache__" not in p.parts)


def test_every_package_keeps_to_its_layer() -> None:
    found: list[str] = []
    for package in PACKAGES:
        files = package_files(package)
        assert files, f"no Python files found under {package}/"
        for path in files:
            found += violations_in(path.read_text(encoding="utf-8"), path.relative_to(ROOT))
    assert not found, "layer violations:\n" + "\n".join(found)


def test_the_checker_sees_the_imports_of_real_files() -> None:
    """The walk reads real imports, so an empty result above means clean code, not an idle checker."""
    seen = {
        imported
        for _, imported in imports((ROOT / "storage/models.py").read_text(encoding="utf-8"), Path("storage/models.py"))
    }
    assert "core.kinds" in seen and "sqlalchemy" in seen


def test_the_checker_catches_violations() -> None:
    source = """\
from __future__ import annotations

import os
from typing import TYPE_CHECKING

from core.text import normalise
from storage import models
import telegram.ext

if TYPE_CHECKING:
    from aggregation.api import build_chat_report


def later() -> None:
    import bot.settings
    from httpx import AsyncClient
"""
    assert violations_in(source, Path("handlers/flow/compose.py")) == [
        "handlers/flow/compose.py:8 imports telegram.ext"
        " (rule: handlers imports no bot, aggregation, scheduled, telegram, aiohttp or httpx)",
        "handlers/flow/compose.py:11 imports aggregation.api"
        " (rule: handlers imports no bot, aggregation, scheduled, telegram, aiohttp or httpx)",
        "handlers/flow/compose.py:15 imports bot.settings"
        " (rule: handlers imports no bot, aggregation, scheduled, telegram, aiohttp or httpx)",
        "handlers/flow/compose.py:16 imports httpx"
        " (rule: handlers imports no bot, aggregation, scheduled, telegram, aiohttp or httpx)",
    ]
    # allow-lists: a package may import itself, the stdlib, third-party code and the packages listed
    assert (
        violations_in(
            "import os\nimport sqlalchemy\nfrom core import kinds\nfrom drafts.model import Outline\n"
            "import storage.errors\n",
            Path("storage/plan_loader.py"),
        )
        == []
    )
    assert violations_in("import handlers.engine\n", Path("storage/x.py")) == [
        "storage/x.py:1 imports handlers.engine (rule: storage imports only core and drafts)"
    ]
    assert violations_in("from core import kinds\n", Path("core/messages.py")) == []
    assert violations_in("from drafts.model import Outline\n", Path("core/messages.py")) == [
        "core/messages.py:1 imports drafts.model (rule: core imports nothing first-party)"
    ]
    assert violations_in("from tests.factories import Built\n", Path("drafts/reader.py")) == [
        "drafts/reader.py:1 imports tests.factories (rule: drafts imports only core)"
    ]
    # packages without a rule are not checked
    assert violations_in("import handlers\nimport telegram\n", Path("bot/app.py")) == []


def test_relative_imports_are_resolved() -> None:
    assert list(imports("from .model import Outline\nfrom . import text\n", Path("drafts/reader.py"))) == [
        (1, "drafts.model"),
        (2, "drafts.text"),
    ]
    assert list(imports("from .. import engine\nfrom ..types import Ctx\n", Path("handlers/flow/compose.py"))) == [
        (1, "handlers.engine"),
        (2, "handlers.types"),
    ]
    assert list(imports("from .flow import compose\n", Path("handlers/__init__.py"))) == [(1, "handlers.flow")]
    assert list(imports("from .. import engine\n", Path("handlers/flow/__init__.py"))) == [(1, "handlers.engine")]
    with pytest.raises(ValueError, match="beyond the top-level package"):
        list(imports("from ... import bot\n", Path("handlers/flow/compose.py")))
