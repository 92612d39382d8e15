"""The ledger engine (台账): declare a ledger once; its page, phone cards, Excel export and API list follow.

Declarations live in each app's ``ledgers.py`` (:func:`autodiscover`); the ``ledgers`` app hosts the pages.
"""

from .declaration import (
    REGISTRY,
    Card,
    Column,
    Ledger,
    all_roles,
    autodiscover,
    ledgers_for,
    register,
    registered,
)

__all__ = [
    "REGISTRY",
    "Card",
    "Column",
    "Ledger",
    "all_roles",
    "autodiscover",
    "ledgers_for",
    "register",
    "registered",
]
