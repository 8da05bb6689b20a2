"""The one exception the draft reader raises: a catalog key plus its fields, rendered by the caller."""

from __future__ import annotations

# Bigger files are refused before being opened: a political report with appendices is a few MB at most.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class DraftError(Exception):
    """A draft that cannot be read. `code` is a key of core.messages.MESSAGES, `params` its fields."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def __str__(self) -> str:
        fields = ", ".join(f"{key}={value!r}" for key, value in self.params.items())
        return f"{self.code}({fields})"
