"""The resident walk-through. Importing this package fills the step tables in `registry`."""

from handlers.flow import amend, browse, commands, compose, mine, onboarding
from handlers.flow.registry import ACTIONS, PROMPTS, TEXTS, reshow, show

__all__ = [
    "ACTIONS",
    "PROMPTS",
    "TEXTS",
    "amend",
    "browse",
    "commands",
    "compose",
    "mine",
    "onboarding",
    "reshow",
    "show",
]
