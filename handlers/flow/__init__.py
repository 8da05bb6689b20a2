"""The resident walk-through: one router per module (onboarding, browse, compose, amend, mine, commands),
included explicitly by the engine (handlers/engine.py). Importing a module registers nothing anywhere."""
