"""The state machine as a Markdown listing, generated from the routers the engine includes.

python -m handlers.flow.listing            # print it
python -m handlers.flow.listing --write    # refresh it in README.md (a test checks that it is current)
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from handlers.flow.router import Flow, Route
from handlers.states import Action, Step

BEGIN, END = "<!-- state machine: begin (generated) -->", "<!-- state machine: end -->"
README = Path(__file__).resolve().parents[2] / "README.md"


def _steps(steps: frozenset[Step]) -> str:
    return ", ".join(f"`{s}`" for s in Step if s in steps) or "—"


def _where(route: Route[Any]) -> str:
    return f"{route.module}.{route.name}"


def listing(flow: Flow) -> str:
    lines = [
        "| step | shown by | buttons offered | typed text → handler: may lead to | the prompt may lead to |",
        "|---|---|---|---|---|",
    ]
    for step in Step:
        prompt = flow.prompts.get(step)
        text = flow.texts.get(step)
        offers = ", ".join(f"`{a.value}` {a.name.lower()}" for a in Action if a in flow.offers.get(step, ()))
        lines.append(
            f"| `{step}` | {_where(prompt) if prompt else '—'} | {offers or '—'} "
            f"| {f'{_where(text)}: {_steps(text.leads_to)}' if text else '—'} "
            f"| {_steps(prompt.leads_to) if prompt else '—'} |"
        )
    lines += ["", "| button | handler | may lead to |", "|---|---|---|"]
    for action in Action:
        route = flow.actions[action]
        lines.append(f"| `{action.value}` {action.name.lower()} | {_where(route)} | {_steps(route.leads_to)} |")
    lines += ["", "| command | handler | may lead to |", "|---|---|---|"]
    for name, route in sorted(flow.commands.items()):
        lines.append(f"| `/{name}` | {_where(route)} | {_steps(route.leads_to)} |")
    if flow.file is not None:
        lines.append(f"| (a document sent) | {_where(flow.file)} | {_steps(flow.file.leads_to)} |")
    return "\n".join(lines) + "\n"


def in_readme(text: str) -> str:
    """The listing as it stands in README.md."""
    return text.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n") + "\n"


def main() -> None:
    from handlers.engine import build_flow

    table = listing(build_flow())
    if "--write" not in sys.argv:
        sys.stdout.write(table)
        return
    readme = README.read_text(encoding="utf-8")
    head, rest = readme.split(BEGIN, 1)
    README.write_text(f"{head}{BEGIN}\n{table}{END}{rest.split(END, 1)[1]}", encoding="utf-8")


if __name__ == "__main__":
    main()
