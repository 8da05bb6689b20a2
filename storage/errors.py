"""Errors a user can cause. Each carries a message-catalog key and its fields; the edges render it in Vietnamese."""

from __future__ import annotations


class UserError(Exception):
    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params
