"""`gopy draft …`: show a draft file as the bot will see it (`outline`, no database), or attach it (`import`)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from bot.cli.common import fail, open_db
from core.messages import t
from drafts import DraftError, Outline, Section, read_draft
from storage.draft_import import import_draft_file
from storage.errors import UserError

app = typer.Typer(no_args_is_help=True, add_completion=False, help=t("drafts.cli.help"))


def register(root: typer.Typer) -> None:
    """Add the `draft` command group to the main app."""
    root.add_typer(app, name="draft")


@app.command("outline", help=t("drafts.cli.outline_help"))
def outline(
    file: Path = typer.Argument(..., help=t("drafts.cli.file_help"), show_default=False),
    as_json: bool = typer.Option(False, "--json", help=t("drafts.cli.json_help")),
) -> None:
    try:
        result = read_draft(file)
    except DraftError as error:
        typer.echo(t("cli.error", detail=t(error.code, **error.params)), err=True)
        raise typer.Exit(1) from None
    for warning in result.warnings:
        typer.echo(t(warning, **getattr(warning, "params", {})), err=True)
    if as_json:
        typer.echo(json.dumps(outline_json(result), ensure_ascii=False, indent=2))
        return
    for line in outline_lines(result):
        typer.echo(line)


@app.command("import", help=t("cli.draft.import"))
def import_command(
    file: Path = typer.Argument(..., help=t("drafts.cli.file_help"), show_default=False),
    document: str = typer.Option(..., "--document", help=t("drafts.cli.document_help")),
) -> None:
    db = open_db()
    try:
        with db.unit() as s:
            sections, warnings = import_draft_file(s, file, document)
    except UserError as exc:
        fail(exc)
    finally:
        db.dispose()
    for warning in warnings:
        typer.echo(t(warning, **getattr(warning, "params", {})), err=True)
    typer.echo(t("drafts.imported", document=document, sections=sections))


def outline_lines(result: Outline) -> list[str]:
    """One node a line, "label | title", indented two spaces a level."""
    lines: list[str] = []

    def visit(section: Section, level: int) -> None:
        lines.append(f"{'  ' * level}{section.label} | {section.title}")
        for child in section.children:
            visit(child, level + 1)

    for section in result.sections:
        visit(section, 0)
    return lines


def outline_json(result: Outline) -> list[dict[str, object]]:
    return [_section_json(section) for section in result.sections]


def _section_json(section: Section) -> dict[str, object]:
    return {
        "label": section.label,
        "title": section.title,
        "depth": section.depth,
        "paragraphs": [
            {
                "number": paragraph.number,
                "label": paragraph.label,
                "text": paragraph.text,
                "page": paragraph.position.page,
                "line": paragraph.position.line,
            }
            for paragraph in section.paragraphs
        ],
        "children": [_section_json(child) for child in section.children],
    }
