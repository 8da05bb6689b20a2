"""No personal data in the logs, at any level, whichever library logs: a filter on the root logger's handlers.

Libraries log what they handle: python-telegram-bot dumps whole updates and Bot API calls at DEBUG (names,
usernames, user and chat ids, the comment's text) and the received body at CRITICAL when it cannot parse it;
httpx/aiohttp/tornado log URLs, and Bot API URLs contain the token; SQLAlchemy logs statement parameters at INFO
and puts them in its exceptions. So, for every record a handler with this filter emits:

- a library's record (any logger outside gopy's packages) keeps its logger name, level and message *template*;
  its arguments are replaced by "<…>" unless harmless (a bool, a float, a small count, None; an exception is kept
  as its redacted repr; the few arguments `KNOWN_SAFE` names, such as the Bot API method, when they are plain
  ASCII words). A message that is not a template (an object logged as such) becomes its type's name.
- every record, ours too, then has bot tokens, the configured secrets, JSON-ish personal fields (`"first_name":
  "…"`, `username='…'`, `text=…`, `phone_number`, …), id fields (`"id": 123`, `chat_id=…`) and SQL parameters
  (`[parameters: …]`) redacted; in a library's record and in every traceback, long numbers (ids) too.
- a traceback is formatted here, redacted, and kept as the record's `exc_text`.

gopy's own loggers never log personal data in the first place (the channel logs an exception's repr, never the
message or the user); the second pass is for what an exception may carry.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

OWN_PACKAGES = frozenset({"bot", "handlers", "storage", "aggregation", "scheduled", "drafts", "core", "gopy"})
HIDDEN = "<…>"
_CHECKED = "_gopy_private_checked"

TOKEN = re.compile(r"(?<![0-9])[0-9]+:[A-Za-z0-9_-]{30,}")
_PERSONAL_KEYS = (
    "first_name|last_name|full_name|username|user_name|display_name|name|title|text|caption|phone_number|phone|"
    "email|vcard|bio|text_norm|quoted_original|proposed_text|reason|channel_user_id"
)
_ID_KEYS = "id|chat_id|user_id|from_id|sender_id|participant_id"
_QUOTED = r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'"
PERSONAL_FIELD = re.compile(
    rf"""(?P<key>(?<![\w])["']?(?:{_PERSONAL_KEYS})["']?\s*[:=]\s*)(?P<value>{_QUOTED}|[^\s,;)}}\]]+)""",
    re.IGNORECASE,
)
ID_FIELD = re.compile(rf"""(?P<key>(?<![\w])["']?(?:{_ID_KEYS})["']?\s*[:=]\s*)(?P<value>-?[0-9]+)""", re.IGNORECASE)
SQL_PARAMETERS = re.compile(r"\[parameters: [^\n]*")
LONG_NUMBER = re.compile(r"(?<![\w.])-?[0-9]{6,}(?![\w.])")
_SPEC = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\*|[0-9]+)?(?:\.(?:\*|[0-9]+))?[hlL]?(?P<conv>[a-zA-Z%])")
_SMALL = 100_000  # counts, retries, sizes, ports; user, chat and update ids are larger
# Library templates whose arguments at these positions are the library's own words (a Bot API method, a loop's
# name, a class), shown when they are a plain ASCII word or two.
KNOWN_SAFE: dict[str, frozenset[int]] = {
    "Calling Bot API endpoint `%s` with parameters `%s`": frozenset({0}),
    "Call to Bot API endpoint `%s` finished with return value `%s`": frozenset({0}),
    "Passing request through rate limiter of type %s with rate_limit_args %s": frozenset({0}),
    "%s Starting": frozenset({0}),
    "%s Action succeeded. Stopping loop.": frozenset({0}),
    "%s Failed run number %s of %s. Retrying.": frozenset({0}),
    "%s Failed run number %s of %s. Aborting.": frozenset({0}),
    "%s Cancelled": frozenset({0}),
    "Using selector: %s": frozenset({0}),
}
_PLAIN = re.compile(r"[A-Za-z][A-Za-z_ ]{0,39}")


def is_own(logger_name: str) -> bool:
    return logger_name.split(".", 1)[0] in OWN_PACKAGES


def redact(text: str, secrets: Iterable[str] = (), *, numbers: bool = False) -> str:
    """`text` without tokens, `secrets`, personal fields, id fields and SQL parameters (and long numbers)."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, HIDDEN)
    text = TOKEN.sub(HIDDEN, text)
    text = SQL_PARAMETERS.sub(f"[parameters: {HIDDEN}]", text)
    text = PERSONAL_FIELD.sub(lambda m: m.group("key") + HIDDEN, text)
    text = ID_FIELD.sub(lambda m: m.group("key") + HIDDEN, text)
    if numbers:
        text = LONG_NUMBER.sub(HIDDEN, text)
    return text


class PrivacyFilter(logging.Filter):
    """Rewrites each record as the module's docstring says; never drops one (the level and the logger stay)."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, _CHECKED, False):
            return True
        try:
            self._rewrite(record)
        except Exception:  # a log line is never worth a crash, nor a leak
            record.msg, record.args = f"<{record.name}: a record that could not be checked was hidden>", None
            record.exc_info, record.exc_text, record.stack_info = None, None, None
        setattr(record, _CHECKED, True)
        return True

    def _rewrite(self, record: logging.LogRecord) -> None:
        own = is_own(record.name)
        message = record.getMessage() if own else self._template(record)
        record.msg, record.args = redact(message, self.secrets, numbers=not own), None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        record.exc_info = None  # formatters print `exc_text`; nothing else may format the exception again
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets, numbers=True)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets, numbers=True)

    def _template(self, record: logging.LogRecord) -> str:
        """A library's message with only its harmless arguments filled in."""
        if not isinstance(record.msg, str):
            return f"<{type(record.msg).__name__}>"
        args: Any = record.args
        if not args:
            return record.msg
        if isinstance(args, Mapping):
            named: Mapping[str, Any] = args
            positional: list[Any] = []
        else:
            named, positional = {}, list(args if isinstance(args, tuple) else (args,))
        safe = KNOWN_SAFE.get(record.msg, frozenset())
        index = -1

        def fill(match: re.Match[str]) -> str:
            nonlocal index
            if match.group("conv") == "%":
                return "%"
            name = match.group("name")
            if name is not None:
                value = named.get(name, HIDDEN)
            elif positional:
                value = positional.pop(0)
                index += 1
                if index in safe:  # the library's word, or the name of the class of what it logged
                    word = value if isinstance(value, str) else getattr(value, "__name__", type(value).__name__)
                    if isinstance(word, str) and _PLAIN.fullmatch(word):
                        return word
            else:
                return HIDDEN
            return self._arg(match.group().replace(f"({name})", "") if name is not None else match.group(), value)

        return _SPEC.sub(fill, record.msg)

    def _arg(self, spec: str, value: Any) -> str:
        if isinstance(value, BaseException):
            return redact(repr(value), self.secrets, numbers=True)
        harmless = value is None or isinstance(value, bool | float) or (isinstance(value, int) and abs(value) < _SMALL)
        if not harmless:
            return HIDDEN
        try:
            return str(spec % (value,))
        except (TypeError, ValueError):
            return str(value)


def install(secrets: Iterable[str] = (), handlers: Iterable[logging.Handler] | None = None) -> PrivacyFilter:
    """One `PrivacyFilter` on each of `handlers` (default: the root logger's), unless one is there already."""
    privacy = PrivacyFilter(secrets)
    for handler in logging.getLogger().handlers if handlers is None else handlers:
        if not any(isinstance(f, PrivacyFilter) for f in handler.filters):
            handler.addFilter(privacy)
    return privacy


def uninstall(privacy: PrivacyFilter, handlers: Iterable[logging.Handler] | None = None) -> None:
    for handler in logging.getLogger().handlers if handlers is None else handlers:
        handler.removeFilter(privacy)
