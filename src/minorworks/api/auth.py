"""Bearer-token authentication for the JSON API."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from minorworks.accounts.models import ApiToken
from minorworks.accounts.tokens import user_for_token


class BearerAuth(HttpBearer):
    """`Authorization: Bearer <token>`; the session cookie is not accepted (no CSRF exposure)."""

    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_token(token)
        if user is None:
            return None
        ApiToken.objects.filter(digest=ApiToken.digest_of(token)).update(last_used_at=timezone.now())
        request.user = user
        return user


bearer = BearerAuth()
