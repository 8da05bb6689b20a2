"""Routers and the flow: each flow module fills a `Router` of its own; the engine includes them explicitly
(`Flow(onboarding.router, browse.router, …)`), as aiogram's `include_routers` does. Nothing registers by import.

Every route says where it may lead (`leads_to`) and every prompt which buttons its step offers (`offers`): that is
the state machine listed in the README (`python -m handlers.flow.listing`). With `strict` (the tests) a move or a
button the tables do not declare raises, so the listing cannot drift from what the code does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from handlers.context import Ctx, FlowPort
from handlers.states import Action, Step

Prompt = Callable[[Ctx], None]
Handler = Callable[[Ctx, str], None]  # typed text, a button's argument, or a command's argument
F = TypeVar("F", Prompt, Handler)


@dataclass(frozen=True)
class Route(Generic[F]):
    fn: F
    module: str
    leads_to: frozenset[Step]

    @property
    def name(self) -> str:
        return self.fn.__name__


class Router:
    def __init__(self, module: str) -> None:
        self.module = module.rsplit(".", 1)[-1]
        self.prompts: dict[Step, Route[Prompt]] = {}
        self.offers: dict[Step, frozenset[Action]] = {}
        self.texts: dict[Step, Route[Handler]] = {}
        self.actions: dict[Action, Route[Handler]] = {}
        self.commands: dict[str, Route[Handler]] = {}
        self.files: list[Route[Handler]] = []  # what a document sent does (one router at most)

    def _route(self, fn: F, leads_to: Iterable[Step]) -> Route[F]:
        return Route(fn, self.module, frozenset(leads_to))

    def prompt(
        self, step: Step, *, offers: Iterable[Action] = (), leads_to: Iterable[Step] = ()
    ) -> Callable[[Prompt], Prompt]:
        """How `step` is shown; `offers`: the buttons shown while in it; `leads_to`: where it may move instead."""

        def deco(fn: Prompt) -> Prompt:
            self.prompts[step] = self._route(fn, leads_to)
            self.offers[step] = self.offers.get(step, frozenset()) | frozenset(offers)
            return fn

        return deco

    def also_offers(self, step: Step, *actions: Action) -> None:
        """Buttons shown in `step` by a route that moved there (the way on after a comment is recorded)."""
        self.offers[step] = self.offers.get(step, frozenset()) | frozenset(actions)

    def on_text(self, *steps: Step, leads_to: Iterable[Step] = ()) -> Callable[[Handler], Handler]:
        """What text typed in `steps` does."""

        def deco(fn: Handler) -> Handler:
            for step in steps:
                self.texts[step] = self._route(fn, leads_to)
            return fn

        return deco

    def action(self, action: Action, *, leads_to: Iterable[Step] = ()) -> Callable[[Handler], Handler]:
        """What pressing a button carrying `action` does (its argument as the string)."""

        def deco(fn: Handler) -> Handler:
            self.actions[action] = self._route(fn, leads_to)
            return fn

        return deco

    def on_file(self, *, leads_to: Iterable[Step] = ()) -> Callable[[Handler], Handler]:
        """What a document sent does, in any step (its file name as the string)."""

        def deco(fn: Handler) -> Handler:
            self.files.append(self._route(fn, leads_to))
            return fn

        return deco

    def command(self, *names: str, leads_to: Iterable[Step] = ()) -> Callable[[Handler], Handler]:
        """A slash command, valid in any step (its argument as the string)."""

        def deco(fn: Handler) -> Handler:
            for name in names:
                self.commands[name] = self._route(fn, leads_to)
            return fn

        return deco


K = TypeVar("K")
V = TypeVar("V")


def _merge(module: str, table: dict[K, V], mine: dict[K, V]) -> None:
    both = table.keys() & mine.keys()
    if both:
        raise ValueError(f"{module}: {sorted(map(str, both))} handled twice")
    table.update(mine)


class TransitionError(AssertionError):
    """A move or a button the routers do not declare (raised in strict mode only)."""


class Flow(FlowPort):
    """The routers merged into one table; what a step function calls to move (`ctx.show`, `ctx.reshow`)."""

    def __init__(self, *routers: Router, strict: bool = False) -> None:
        self.strict = strict
        self.routers = routers
        self.prompts: dict[Step, Route[Prompt]] = {}
        self.offers: dict[Step, frozenset[Action]] = {}
        self.texts: dict[Step, Route[Handler]] = {}
        self.actions: dict[Action, Route[Handler]] = {}
        self.commands: dict[str, Route[Handler]] = {}
        files = [route for router in routers for route in router.files]
        if len(files) > 1:
            raise ValueError(f"documents handled twice: {[f'{r.module}.{r.name}' for r in files]}")
        self.file: Route[Handler] | None = files[0] if files else None
        for router in routers:
            _merge(router.module, self.prompts, router.prompts)
            _merge(router.module, self.texts, router.texts)
            _merge(router.module, self.actions, router.actions)
            _merge(router.module, self.commands, router.commands)
            for step, actions in router.offers.items():
                self.offers[step] = self.offers.get(step, frozenset()) | actions
        missing = {s for r in self._routes() for s in r.leads_to} - self.prompts.keys()
        if missing:
            raise ValueError(f"steps without a prompt: {sorted(missing)}")
        unhandled = {a for acts in self.offers.values() for a in acts} - self.actions.keys()
        if unhandled:
            raise ValueError(f"buttons without an action: {sorted(unhandled)}")

    def _routes(self) -> list[Route[Any]]:
        routes: list[Route[Any]] = [*self.prompts.values(), *self.texts.values(), *self.actions.values()]
        return [*routes, *self.commands.values(), *([self.file] if self.file is not None else [])]

    def action_named(self, value: str) -> Action | None:
        """The action a button payload names ("cf"), if the flow handles it."""
        action = Action._value2member_map_.get(value)
        return action if isinstance(action, Action) and action in self.actions else None

    # --- moving ---

    def show(self, ctx: Ctx, step: Step, **updates: Any) -> None:
        ctx.goto(step, **updates)
        self.run(ctx, self.prompts[step])

    def reshow(self, ctx: Ctx) -> None:
        self.run(ctx, self.prompts.get(ctx.step, self.prompts[Step.DOCS]))

    def run(self, ctx: Ctx, route: Route[Any], arg: str | None = None) -> None:
        """Call a route, its declared moves checked (strict) against what it does."""
        ctx.routes.append(route)
        try:
            if arg is None:
                route.fn(ctx)
            else:
                route.fn(ctx, arg)
        finally:
            ctx.routes.pop()

    def check_move(self, ctx: Ctx, step: Step) -> None:
        if not self.strict or not ctx.routes or step == ctx.step:
            return
        route = ctx.routes[-1]
        if step not in route.leads_to:
            raise TransitionError(f"{route.module}.{route.name}: {ctx.step} → {step} is not declared")

    def check_button(self, ctx: Ctx, action: Action) -> None:
        if self.strict and action not in self.offers.get(ctx.step, frozenset()):
            raise TransitionError(f"button {action.name} in step {ctx.step} is not declared")
