"""The per-update context a step function works on: the participant, their state row and the replies so far."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.orm import Session

from core.address import Address
from core.messages import t
from core.text import label_key
from handlers.draft import CommentDraft
from handlers.ports import ReportScope
from handlers.render import choice_payloads
from handlers.states import Action, Step
from handlers.types import Choice, Incoming, Reply
from storage.models import ConversationState, Participant

if TYPE_CHECKING:
    from handlers.flow.router import Route


@dataclass
class ReportRequest:
    """Work the engine does after the transaction, off the database thread (the `/baocao` digest). `scope`: what
    was chosen besides a document (a unit, an audience, a period), built by the scoped report builder."""

    document_code: str | None
    scope: ReportScope | None = None


@dataclass
class UnitReportRequest:
    """A unit's own summary (the unit report builder), opened from `/tiendo`'s list of units."""

    unit_code: str


@dataclass
class ProgressRequest:
    """`/tiendo`: one unit's progress (`unit_id`), or every unit's (None), built after the transaction; `choices`
    (made in the transaction, so bound to its state version) are shown under the figures with `prompt`."""

    unit_id: int | None
    prompt: str = ""
    choices: list[list[Choice]] = field(default_factory=list)


@dataclass
class MenuRequest:
    """A participant's command menu, set after the transaction on each of their chats that has a menu (a role
    applied or granted); `address`: this chat only."""

    participant_id: int
    key: str  # handlers.roles.menu_key
    address: Address | None = None


@dataclass
class Notice:
    """A message to someone other than the sender (a role granted to them), staged in the outbox by the engine in
    the same transaction (`row_id`) and delivered after the commit."""

    address: Address
    replies: list[Reply]
    row_id: int | None = None


@dataclass
class SubmitRequest:
    """A unit's summary confirmed by its secretary (`/nopbaocao`): built after the transaction, then recorded with
    the messages to the ward office in one transaction of its own (handlers/submission.py)."""

    unit_id: int
    participant_id: int


# Work after the transaction.
Deferred = ReportRequest | SubmitRequest | UnitReportRequest | ProgressRequest | MenuRequest | Notice


@dataclass
class EngineConfig:
    max_text_length: int = 4000
    rate_limit_per_minute: int = 30
    outline_page_size: int = 8
    max_comment_length: int = 20_000  # a comment sent in several messages, joined before it is confirmed
    retention_months: int = 12  # promised in the privacy notice; `gopy privacy purge` keeps the promise
    strict_flow: bool = False  # moves and buttons the routers do not declare raise (the tests turn it on)
    # The plan's forms of address by role (`consultation.address`); None: read by the engine at its first update.
    address_forms: Mapping[str, str] | None = None


class FlowPort(Protocol):
    """What a step function needs of the flow (handlers/flow/router.py): moving, the commands (run from /giupdo's
    buttons), and the strict checks."""

    commands: dict[str, Any]

    def run(self, ctx: Ctx, route: Any, arg: str | None = None) -> None: ...

    def show(self, ctx: Ctx, step: Step, **updates: Any) -> None: ...

    def reshow(self, ctx: Ctx) -> None: ...

    def check_move(self, ctx: Ctx, step: Step) -> None: ...

    def check_button(self, ctx: Ctx, action: Action) -> None: ...


@dataclass
class Ctx:
    session: Session
    participant: Participant
    state: ConversationState
    incoming: Incoming
    now: datetime
    config: EngineConfig
    flow: FlowPort
    replies: list[Reply] = field(default_factory=list)
    deferred: list[Deferred] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    routes: list[Route[Any]] = field(default_factory=list)  # the routes running, innermost last
    toast: str = ""  # a short acknowledgement for a button press, where the channel shows one (handlers/view.py)
    stale: bool = False  # a button of an older state pressed: nothing done (the engine answers it)
    _bumped: bool = False
    # Set by `switch` (/lienket): the participant's columns as read, so that the engine saves this participant's
    # rows instead of the ones it loaded.
    switched: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        # A private copy: JSON columns do not track in-place changes, `save()` assigns it back.
        self.data = copy.deepcopy(self.state.data or {})
        self.data.setdefault("v", 0)

    @property
    def step(self) -> Step:
        """The participant's step (a step name this version no longer has reads as the list of drafts)."""
        step = Step._value2member_map_.get(self.state.step)
        return step if isinstance(step, Step) else Step.DOCS

    @property
    def seq(self) -> int | None:
        """This message's place in the delivery order (the platform's increasing update id), if it has one."""
        update_id = self.incoming.update_id
        return int(update_id) if update_id is not None and update_id.isascii() and update_id.isdigit() else None

    @property
    def version(self) -> int:
        return int(self.data["v"])

    # --- the comment being written ---

    @property
    def draft(self) -> CommentDraft | None:
        return CommentDraft.from_json(self.data.get("draft"))

    @draft.setter
    def draft(self, draft: CommentDraft | None) -> None:
        if draft is None:
            self.data.pop("draft", None)
        else:
            self.data["draft"] = draft.to_json()

    def switch(self, participant: Participant, state: ConversationState, columns: dict[str, Any]) -> None:
        """From now on this update is `participant`'s, in their conversation (this channel was just linked to them,
        handlers/flow/link.py): what was said so far stays, what the loaded participant's state held is dropped."""
        self.participant, self.state, self.switched = participant, state, columns
        self.data = copy.deepcopy(state.data or {})
        self.data.setdefault("v", 0)
        self._bumped = False

    # --- moving ---

    def goto(self, step: Step, **updates: Any) -> None:
        """Move to `step` (nothing shown); `updates` set state keys, None removes one (`draft`: a CommentDraft)."""
        self.flow.check_move(self, step)
        self.state.step = step.value
        for key, value in updates.items():
            if key == "draft":
                self.draft = value
            elif value is None:
                self.data.pop(key, None)
            else:
                self.data[key] = value

    def show(self, step: Step, **updates: Any) -> None:
        """Move to `step` and show its prompt."""
        self.flow.show(self, step, **updates)

    def reshow(self) -> None:
        """Show the current step's prompt again (after a stale button, /tieptuc, unexpected input)."""
        self.flow.reshow(self)

    # --- saying ---

    def button(self, label: str, action: Action, arg: object = "") -> Choice:
        """A button bound to this state version: any newer message with buttons makes it stale.

        Its label is remembered (`data["kb"]`, the buttons of this version only), so that typing it presses it.
        """
        self.flow.check_button(self, action)
        if not self._bumped:
            self.data["v"] = self.version + 1
            self.data["kb"] = {}
            self._bumped = True
        key, pressed = label_key(label), f"{action.value}:{arg}"
        labels: dict[str, str] = self.data["kb"]
        if key and labels.setdefault(key, pressed) != pressed:
            labels[key] = ""  # two buttons look alike when typed: typing it presses neither
        return Choice(label, f"{self.version}:{pressed}")

    def typed_button(self, text: str) -> tuple[str, str] | None:
        """(action, arg) of the current button whose label is `text` as typed, if any."""
        labels = self.data.get("kb")
        pressed = labels.get(label_key(text)) if isinstance(labels, dict) and labels else None
        if not pressed:
            return None
        action, _, arg = pressed.partition(":")
        return action, arg

    def numbered_choice(self, text: str) -> str | None:
        """The payload of choice number `text` ("2") as the numbered renderer showed this version's buttons."""
        numbers = self.data.get("num")
        number = text.strip()
        if not isinstance(numbers, list) or not number.isascii() or not number.isdigit() or len(number) > 6:
            return None
        n = int(number)
        return str(numbers[n - 1]) if 1 <= n <= len(numbers) else None

    def numbers_elsewhere(self, text: str) -> bool:
        """A number typed on a numbered channel while the current choices were shown as buttons on another channel
        of the same person (/lienket): the numbers this channel showed belong to older choices."""
        number = text.strip()
        typed = number.isascii() and number.isdigit() and len(number) <= 6
        return typed and "num" not in self.data and bool(self.data.get("kb"))

    def say(self, text: str, rows: list[list[Choice]] | None = None) -> None:
        self.replies.append(Reply(text, rows or []))

    def say_key(self, key: str, **fields: object) -> None:
        self.say(t(key, **fields))

    def ask_to_choose(self) -> None:
        """Text where a choice is wanted: "press a button", or on a numbered channel "type its number"."""
        self.say_key("chat.use_numbers" if self.incoming.numbered else "chat.use_buttons")

    def save(self) -> None:
        if self._bumped and self.incoming.numbered:  # what each number means, as these buttons were numbered
            later = [Reply(r.prompt, r.choices) for r in self.deferred if isinstance(r, ProgressRequest)]
            self.data["num"] = choice_payloads([*self.replies, *later])  # choices shown after the transaction last
        elif self._bumped:
            self.data.pop("num", None)
        if self.data != self.state.data:
            self.state.data = self.data
        self.state.updated_at = self.now
