"""The state machine is legible and true: the README's listing is the generated one, and a move or a button the
routers do not declare fails in strict mode (every conversation test runs strict)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from handlers.engine import Engine, build_flow
from handlers.flow.listing import README, in_readme, listing
from handlers.flow.router import Flow, Router, TransitionError
from handlers.states import Action, Step
from tests.handlers.helpers import User


def test_readme_shows_the_current_state_machine() -> None:
    generated = listing(build_flow())
    assert in_readme(README.read_text(encoding="utf-8")) == generated, (
        "the state machine changed: run `.venv/bin/python -m handlers.flow.listing --write`"
    )


def test_every_step_but_the_first_has_a_prompt_and_every_button_a_handler() -> None:
    flow = build_flow()
    assert set(Step) - set(flow.prompts) == {Step.NEW}
    assert set(Action) == set(flow.actions)


def test_a_route_cannot_be_declared_twice_nor_lead_to_a_step_without_prompt() -> None:
    a, b = Router("a"), Router("b")
    a.prompt(Step.DOCS)(lambda ctx: None)
    b.prompt(Step.DOCS)(lambda ctx: None)
    with pytest.raises(ValueError, match="handled twice"):
        Flow(a, b)
    c = Router("c")
    c.action(Action.TOC, leads_to=(Step.OUTLINE,))(lambda ctx, arg: None)
    with pytest.raises(ValueError, match="without a prompt"):
        Flow(c)


async def test_strict_mode_refuses_an_undeclared_move(engine: Engine) -> None:
    docs = engine.flow.actions[Action.DOCUMENTS]  # declared: leads to `docs` only
    engine.flow.actions[Action.DOCUMENTS] = replace(docs, fn=lambda ctx, arg: ctx.show(Step.OUTLINE))
    user = User(engine)
    await user.onboard()
    await user.send("/ykiencuatoi")  # no comments yet: one button, «Chọn dự thảo để góp ý» (docs)
    with pytest.raises(TransitionError, match="outline"):
        await user.press("Chọn dự thảo để góp ý")


async def test_strict_mode_refuses_an_undeclared_button(engine: Engine) -> None:
    mine = engine.flow.prompts[Step.MINE]
    assert Action.SENTENCE not in engine.flow.offers[Step.MINE]
    engine.flow.prompts[Step.MINE] = replace(mine, fn=lambda ctx: ctx.say("x", [[ctx.button("y", Action.SENTENCE)]]))
    user = User(engine)
    await user.onboard()
    with pytest.raises(TransitionError, match="SENTENCE"):
        await user.send("/ykiencuatoi")
