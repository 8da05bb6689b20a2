"""Step tables filled by the flow modules: how each step is shown, what typed text and which buttons do."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from handlers.context import Ctx

Prompt = Callable[[Ctx], None]
TextHandler = Callable[[Ctx, str], None]
Action = Callable[[Ctx, str], None]

PROMPTS: dict[str, Prompt] = {}
TEXTS: dict[str, TextHandler] = {}
ACTIONS: dict[str, Action] = {}


def prompt(step: str) -> Callable[[Prompt], Prompt]:
    def deco(fn: Prompt) -> Prompt:
        PROMPTS[step] = fn
        return fn

    return deco


def on_text(*steps: str) -> Callable[[TextHandler], TextHandler]:
    def deco(fn: TextHandler) -> TextHandler:
        for step in steps:
            TEXTS[step] = fn
        return fn

    return deco


def action(name: str) -> Callable[[Action], Action]:
    def deco(fn: Action) -> Action:
        ACTIONS[name] = fn
        return fn

    return deco


def show(ctx: Ctx, step: str, **updates: Any) -> None:
    """Move to `step` and show its prompt."""
    ctx.goto(step, **updates)
    PROMPTS[step](ctx)


def reshow(ctx: Ctx) -> None:
    """Show the current step's prompt again (after a stale button, /tieptuc, unexpected input)."""
    PROMPTS.get(ctx.step, PROMPTS["docs"])(ctx)
