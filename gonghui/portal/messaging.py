"""Messages to people (站内消息, and e-mail where an SMTP server is set).

A work area declares its kinds in its `<app>/portal.py` and sends at the state change, inside its service:

    from gonghui.portal import messaging

    messaging.register_kind(messaging.MessageKind("care.assistance", "救助申请"))
    messaging.send(user, "care.assistance", "您的救助申请已批准", body, url, dedupe_key=f"care.assistance:{a.pk}:approved")

send() always stores an in-app message (in the caller's transaction), and, when settings.EMAIL_HOST is set and the
user has an e-mail address, sends it by e-mail after the transaction commits (Django's send_mail; a failing SMTP
server never undoes the state change). A dedupe_key the recipient already has sends nothing (returns None).

Other channels (SMS, WeChat) plug in as a Channel: `register_channel(obj)` with `obj.deliver(message)`; none is
built (they need a provider's account).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models_messages import Message

log = logging.getLogger(__name__)

_kinds: dict[str, MessageKind] = {}
_channels: list = []


@dataclass(frozen=True)
class MessageKind:
    key: str
    label: str
    email: bool = True  # also by e-mail when an SMTP server is set


def register_kind(kind: MessageKind) -> MessageKind:
    _kinds[kind.key] = kind
    return kind


def kinds() -> dict[str, MessageKind]:
    return dict(_kinds)


def register_channel(channel) -> None:
    """A further channel (SMS, WeChat): an object with `deliver(message)`, called after commit for each message."""
    _channels.append(channel)


def _email(message: Message) -> None:
    address = getattr(message.recipient, "email", "")
    if not address:
        return
    text = message.body + (f"\n\n{message.url}" if message.url else "")
    try:
        send_mail(message.title, text, settings.DEFAULT_FROM_EMAIL, [address])
    except Exception:  # noqa: BLE001 — the message is in the inbox anyway
        log.exception("e-mail for message %s failed", message.pk)


def _deliver(message: Message, kind: MessageKind) -> None:
    if kind.email and getattr(settings, "EMAIL_HOST", ""):
        _email(message)
    for channel in _channels:
        try:
            channel.deliver(message)
        except Exception:  # noqa: BLE001
            log.exception("channel %r failed for message %s", channel, message.pk)


def send(user, kind: str, title: str, body: str = "", url: str = "", *, dedupe_key: str | None = None) -> Message | None:
    """Send a message to a user (an account). None when there is no user or the dedupe_key was sent already."""
    if user is None or not getattr(user, "pk", None):
        return None
    found = _kinds.get(kind)
    if found is None:
        raise ValueError(f"unregistered message kind {kind!r}")
    if dedupe_key and Message.objects.filter(recipient=user, dedupe_key=dedupe_key).exists():
        return None
    try:
        with transaction.atomic():
            message = Message.objects.create(recipient=user, kind=kind, title=title[:200], body=body,
                                             url=url[:300], dedupe_key=dedupe_key or None)
    except IntegrityError:  # the same dedupe_key sent at the same moment by another process
        return None
    message.recipient = user
    transaction.on_commit(lambda: _deliver(message, found))
    return message


# Reads, scoped to the user: one's own messages only (another's answers 404 in the views).

def inbox(user):
    return Message.objects.filter(recipient=user)


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    # Message.objects.filter(recipient=user, read_at__isnull=True).count(), written out: every member page asks it
    # for the tab bar's badge (core/rawsql.py); the index portal_msg_unread answers it.
    from gonghui.core import rawsql

    return rawsql.one(f"SELECT COUNT(*) FROM {rawsql.table(Message)} m WHERE m.recipient_id = %s "
                      f"AND m.read_at IS NULL", [user.pk])[0]


def mark_read(user, *, pk: int | None = None) -> int:
    """Mark one of the user's messages (or all, pk=None) as read; returns how many changed."""
    qs = Message.objects.filter(recipient=user, read_at__isnull=True)
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.update(read_at=timezone.now())
