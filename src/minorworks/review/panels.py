"""A declared seam: other capabilities add panels to a project's page without the registry knowing them.

A capability registers ``Panel(name, template, context, order, slot)`` from its ``AppConfig.ready()``; the
project page renders each panel's template with ``context(project, request)`` (None: the panel is not shown),
in the main column or the side column (``slot``). A capability may also give initial values to the project's
action forms (``register_initial``) and add to the project's workflow state in the API (``register_state``).
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
    context: Callable[[Any, Any], dict[str, Any] | None]  # (project, request)
    order: int = 100
    slot: str = "main"  # "main" (below the registration) or "side" (under the actions)


PANELS: dict[str, Panel] = {}
INITIALS: dict[str, Callable[[Any, Any], dict[str, Any]]] = {}
STATES: dict[str, Callable[[Any, Any], Any]] = {}


def register(panel: Panel) -> None:
    """Add (or replace) a panel of the project page."""
    PANELS[panel.name] = panel


def register_initial(action: str, initial: Callable[[Any, Any], dict[str, Any]]) -> None:
    """Give the form of a project action its initial values (e.g. the proposal a stop order issues)."""
    INITIALS[action] = initial


def register_state(name: str, state: Callable[[Any, Any], Any]) -> None:
    """Add ``name`` to the project's workflow state in the API: ``state(project, user)``."""
    STATES[name] = state


def panels_for(project: Any, request: Any, slot: str = "main") -> list[dict[str, Any]]:
    """The panels of ``slot`` to show on ``project``'s page for this request, in order, with their contexts."""
    shown = []
    for panel in sorted(PANELS.values(), key=lambda p: p.order):
        if panel.slot != slot:
            continue
        context = panel.context(project, request)
        if context is not None:
            shown.append({"template": panel.template, "context": context})
    return shown


def states_for(project: Any, user: Any) -> dict[str, Any]:
    """What other capabilities add to the project's workflow state (the API's ``state_of``)."""
    return {name: state(project, user) for name, state in STATES.items()}
