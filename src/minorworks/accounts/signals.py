"""Account events: sign-ins and failed sign-ins are audited; a new password or a deactivation revokes
every API token of the account (whatever changed it: a page, the API, ``manage changepassword``)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from minorworks.core.audit import record

from .models import User
from .tokens import revoke_all_tokens

WATCHED = {"password", "is_active"}


@receiver(user_logged_in, dispatch_uid="minorworks-audit-sign-in")
def audit_sign_in(sender, request, user, **kwargs) -> None:
    """One audit row per successful sign-in (page or API token)."""
    record(actor=user, action="auth.sign_in", obj=user)


@receiver(user_login_failed, dispatch_uid="minorworks-audit-sign-in-failed")
def audit_sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    """One audit row per failed sign-in, naming the account tried (lock-outs included)."""
    username = str(credentials.get("username") or "")[:150]
    account = User.objects.filter(username=username).first() if username else None
    if account is not None:
        record(actor=None, action="auth.sign_in_failed", obj=account)
    else:
        record(actor=None, action="auth.sign_in_failed", target=("accounts.user", "", username))


@receiver(pre_save, sender=User, dispatch_uid="minorworks-token-revocation-check")
def note_credential_change(sender, instance: User, update_fields=None, **kwargs) -> None:
    """Before a save: does it change the password or deactivate the account?"""
    instance._revoke_tokens_because = ""  # type: ignore[attr-defined]
    if instance.pk is None or (update_fields is not None and not WATCHED & set(update_fields)):
        return
    old = User.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if old is None:
        return
    if old["password"] != instance.password:
        instance._revoke_tokens_because = "password changed"  # type: ignore[attr-defined]
    elif old["is_active"] and not instance.is_active:
        instance._revoke_tokens_because = "account deactivated"  # type: ignore[attr-defined]


@receiver(post_save, sender=User, dispatch_uid="minorworks-token-revocation")
def revoke_tokens_on_credential_change(sender, instance: User, **kwargs) -> None:
    """After such a save: delete the account's API tokens, audited when there were any."""
    reason = getattr(instance, "_revoke_tokens_because", "")
    if not reason:
        return
    instance._revoke_tokens_because = ""  # type: ignore[attr-defined]
    if revoke_all_tokens(instance):
        record(actor=None, action="auth.tokens_revoked", obj=instance, note=reason)
