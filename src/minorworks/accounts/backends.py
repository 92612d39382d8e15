"""The password backend, loading the signed-in user together with the places every page's header names."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from .models import User

# ``User.scope_label`` (base.html, on every page) reads one of these; loading them with the user saves a
# query or two per request.
USER_PLACES = ("community", "street", "department", "enterprise", "district")


class UserWithPlacesBackend(ModelBackend):
    """Django's ModelBackend whose ``get_user`` joins the user's community, street, department, company and district."""

    def get_user(self, user_id: Any) -> User | None:
        """The active user with this id, with their places, or None."""
        user = User._default_manager.select_related(*USER_PLACES).filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
