"""Bearer-token authentication for the JSON API."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from minorworks.accounts.tokens import token_for


class BearerAuth(HttpBearer):
    """`Authorization: Bearer <token>`; the session cookie is not accepted (no CSRF exposure)."""

    def authenticate(self, request: HttpRequest, token: str):
        found = token_for(token)
        if found is None:
            return None
        request.user = found.user
        request.api_token = token  # type: ignore[attr-defined]  # so that DELETE /auth/token revokes this one
        return found.user


bearer = BearerAuth()
