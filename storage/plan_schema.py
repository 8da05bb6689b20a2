"""The consultation plan as YAML: its schema. Validation errors name the line and the field (see plan_loader)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, field_validator, model_validator

from core import clock
from storage.models import Audience, Level, Role, UnitKind

WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "thu2": 0,
    "thu3": 1,
    "thu4": 2,
    "thu5": 3,
    "thu6": 4,
    "thu7": 5,
    "cn": 6,
}


def _parse_date(value: Any) -> Any:
    """ISO dates, Vietnamese dd/mm/yyyy, and `today±N` (days) for plans that must stay open, like the example."""
    if isinstance(value, date) or not isinstance(value, str):
        return value
    return clock.parse_date(value)


def _weekday_number(value: Any) -> Any:
    if isinstance(value, str):
        key = value.strip().lower().replace(" ", "")
        if key not in WEEKDAYS:
            raise ValueError(f"unknown weekday {value!r}")
        return WEEKDAYS[key]
    return value


PlanDate = Annotated[date, BeforeValidator(_parse_date)]
HHMM = r"^([01]\d|2[0-3]):[0-5]\d$"
Code = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]
# How a role is addressed in chat ("ông/bà", "đồng chí", "bác"): one line of text, at most 20 characters.
AddressForm = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20, pattern=r"^[^\x00-\x1f]+$")
]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class WindowSpec(_Spec):
    opens: PlanDate = Field(alias="from")
    closes: PlanDate = Field(alias="to")
    method: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> WindowSpec:
        if self.closes < self.opens:
            raise ValueError("'to' is before 'from'")
        return self


class TopicSpec(_Spec):
    title: str = Field(min_length=1)
    text: str = ""


class DocumentSpec(_Spec):
    code: Code
    title: str = Field(min_length=1)
    level: Level
    source: str | None = None  # a draft file, relative to the plan file; imported on load
    pages: list[tuple[int, int]] = []
    topics: list[TopicSpec] = []
    windows: dict[Audience, WindowSpec] = {}


class UnitSpec(_Spec):
    code: Code
    name: str = Field(min_length=1)
    kind: UnitKind
    congress_date: PlanDate | None = None
    secretary: str | None = None


class RecipientSpec(_Spec):
    """A report recipient: a chat (given here, or registered by `gopy invite create --role board --recipient CODE`
    and `/start CODE` in that chat) and/or an e-mail address. `office`: the ward office, which receives the cells'
    submitted summaries."""

    code: Code
    name: str = Field(min_length=1)
    channel: Literal["telegram", "zalo"] | None = None
    chat_id: str | None = None
    email: str | None = Field(default=None, max_length=254, pattern=r"^[^@\s<>,;:\"]+@[^@\s<>,;:\"]+\.[^@\s<>,;:\"]+$")
    office: bool = False

    @field_validator("chat_id", mode="before")
    @classmethod
    def _as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


class ScheduleSpec(_Spec):
    code: Code
    kind: Literal["weekly", "once"]
    recipient: Code
    document: Code | None = None
    audience: Audience | None = None
    starts: PlanDate | None = Field(default=None, alias="from")
    ends: PlanDate | None = Field(default=None, alias="to")
    date: PlanDate | None = None  # a one-off report (YAML reads a bare `on` as true: hence `date`)
    weekday: int | None = None
    at: str = Field(default="08:00", pattern=HHMM)

    @field_validator("weekday", mode="before")
    @classmethod
    def _weekday(cls, value: Any) -> Any:
        return _weekday_number(value)

    @model_validator(mode="after")
    def _complete(self) -> ScheduleSpec:
        if self.kind == "weekly" and (self.starts is None or self.ends is None or self.weekday is None):
            raise ValueError("a weekly schedule needs 'from', 'to' and 'weekday'")
        if self.kind == "once" and self.date is None:
            raise ValueError("a one-off schedule needs 'date'")
        if self.weekday is not None and not 0 <= self.weekday <= 6:
            raise ValueError("weekday is 0 (Monday) to 6 (Sunday)")
        return self


class CalendarSpec(_Spec):
    """When the scheduler reminds (local time, GOPY_TIMEZONE) and how late it may still send what fell due while
    nothing ran (`grace_hours`; older sends are marked missed, not sent late)."""

    at: str = Field(default="08:00", pattern=HHMM)  # reminders and notes
    grace_hours: int = Field(default=24, ge=0, le=24 * 14)
    cell_days_before: list[Annotated[int, Field(ge=1, le=60)]] = [3, 1]  # then on the day, then daily while late
    secretary_weekday: int = 0  # the weekly note to each cell secretary (0 = Monday)
    resident_days_before: int = Field(default=3, ge=1, le=60)  # the opt-in reminder before a window closes

    @field_validator("secretary_weekday", mode="before")
    @classmethod
    def _weekday(cls, value: Any) -> Any:
        return _weekday_number(value)

    @field_validator("secretary_weekday")
    @classmethod
    def _in_week(cls, value: int) -> int:
        if not 0 <= value <= 6:
            raise ValueError("weekday is 0 (Monday) to 6 (Sunday)")
        return value


class WardDeadlineSpec(_Spec):
    code: Code
    what: str = Field(min_length=1)
    due: PlanDate


class DeadlineRulesSpec(_Spec):
    cell_days_after_congress: int = Field(default=2, ge=0)
    cell_days_before_ward_congress: int = Field(default=7, ge=0)
    ward: list[WardDeadlineSpec] = []


def _fraction(value: Any) -> str:
    """ "3/4", 0.75 or "0.75" → "3/4" (exact: the share words compare fractions, not floats)."""
    try:
        fraction = Fraction(str(value))
    except (ValueError, ZeroDivisionError) as exc:
        raise ValueError(f"not a fraction: {value!r}") from exc
    if not 0 < fraction < 1:
        raise ValueError("a threshold lies between 0 and 1")
    return str(fraction)


Share = Annotated[str, BeforeValidator(_fraction)]
ShareLevel = Literal["most", "majority", "many", "some", "few"]


class SharesSpec(_Spec):
    """The plan's share words (III.2.2): thresholds and the rule for exactly 1/2 and 1/4 (aggregation.shares)."""

    most: Share = "3/4"
    majority: Share = "1/2"
    many: Share = "1/4"
    half: ShareLevel = "many"  # exactly `majority`: the plan says "above 1/2" for Đa số
    quarter: ShareLevel = "some"  # exactly `many`: the plan says "above 1/4" for Nhiều
    few_max: int = Field(default=2, ge=0)  # "Có ý kiến": a view held by at most this many opinions

    @model_validator(mode="after")
    def _ordered(self) -> SharesSpec:
        if not Fraction(self.many) < Fraction(self.majority) < Fraction(self.most):
            raise ValueError("thresholds must satisfy many < majority < most")
        return self


class SignerSpec(_Spec):
    on_behalf: str | None = None  # default "T/M BAN THƯỜNG VỤ"
    title: str = ""
    name: str = ""


class ReportSpec(_Spec):
    """How reports look: their number, recipients ("Nơi nhận"), signature, quoting limits, share words, and whether
    phone numbers, e-mail addresses and ID numbers typed inside comments are masked where reports quote them.

    `number` is a default only: each report takes its own (`gopy report --number 15`); a plan that gives only the
    symbol ("-BC/ĐU") or nothing leaves a visible blank ("Số …-BC/ĐU"). `plan_number` is the plan's own number, for
    the report's opening line (set from `consultation.plan_number`)."""

    number: str | None = None
    plan_number: str | None = None
    recipients: list[str] | None = None
    signer: SignerSpec = SignerSpec()
    argued_min_chars: int | None = Field(default=None, ge=1)
    max_quotes_per_view: int | None = Field(default=None, ge=1)
    max_proposals: int | None = Field(default=None, ge=1)
    mask_personal_data: bool = True
    shares: SharesSpec = SharesSpec()


class ConsultationSpec(_Spec):
    code: Code
    title: str = Field(min_length=1)
    organisation: str = ""
    parent_organisation: str = ""
    place: str = ""
    issued_on: PlanDate | None = None
    plan_number: str | None = Field(default=None, max_length=64)  # "02-KH/ĐU": "Thực hiện Kế hoạch số … ngày …"
    ward_congress_date: PlanDate | None = None
    report: ReportSpec = ReportSpec()
    # The form of address by role ({resident: "ông/bà", member: "đồng chí"}); a role not given keeps gopy's own
    # (handlers/roles.py ADDRESS_FORMS). Known roles only.
    address: dict[Role, AddressForm] = {}

    @model_validator(mode="after")
    def _plan_number_to_report(self) -> ConsultationSpec:
        """The plan's number reaches reports with the report settings (which the loader stores as they are)."""
        if self.plan_number and not self.report.plan_number:
            self.report = self.report.model_copy(update={"plan_number": self.plan_number.strip()})
        return self


class PlanSpec(_Spec):
    consultation: ConsultationSpec
    documents: list[DocumentSpec] = Field(min_length=1)
    units: list[UnitSpec] = []
    recipients: list[RecipientSpec] = []
    schedules: list[ScheduleSpec] = []
    deadlines: DeadlineRulesSpec = DeadlineRulesSpec()
    calendar: CalendarSpec = CalendarSpec()
