"""The one refusal of the notify wing, and the bounded numbers it reads from the environment."""

from __future__ import annotations

import os


class NotifyError(RuntimeError):
    """Nothing was delivered; the message is one line, and never holds a secret."""


def env_seconds(name: str, default: float, low: float, high: float) -> float:
    """A number of seconds from the environment, refused when not a number in [low, high]."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:  # also false for nan
        raise NotifyError(f"{name} must be a number of seconds from {low:g} to {high:g}")
    return value
