"""A declared seam: other capabilities add panels to a project's page without the registry knowing them.

A capability registers ``Panel(name, template, context, order)`` from its ``AppConfig.ready()``; the project
page renders each panel's template with ``context(project, user)`` (None: the panel is not shown). Its actions
may also give an initial value to the project's action forms (``register_initial``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    """A section of the project page owned by another app."""

    name: str
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None]
    order: int = 100


PANELS: dict[str, Panel] = {}
INITIALS: dict[str, Callable[[Any, Any], dict[str, Any]]] = {}


def register(panel: Panel) -> None:
    """Add (or replace) a panel of the project page."""
    PANELS[panel.name] = panel


def register_initial(action: str, initial: Callable[[Any, Any], dict[str, Any]]) -> None:
    """Give the form of a project action its initial values (e.g. the proposal a stop order issues)."""
    INITIALS[action] = initial


def panels_for(project: Any, user: Any) -> list[dict[str, Any]]:
    """The panels to show on ``project``'s page for ``user``, in order, with their contexts."""
    shown = []
    for panel in sorted(PANELS.values(), key=lambda p: p.order):
        context = panel.context(project, user)
        if context is not None:
            shown.append({"template": panel.template, "context": context})
    return shown
