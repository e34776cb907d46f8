"""The congress on the member's phone: while a session of a term the member is a delegate of is open (进行中), the
首页 shows a card to sign in (one query whatever the data; none for a user without a person)."""
from __future__ import annotations

from django.utils.timezone import localdate

from gonghui.portal import member

from ..models import CongressSession, Delegate


def open_sessions_card(user) -> dict | None:
    person_id = getattr(user, "person_id", None)
    if not person_id:
        return None
    today = localdate()
    sessions = list(CongressSession.objects.filter(
        status=CongressSession.Status.OPEN, term__delegates__person_id=person_id,
        term__delegates__status=Delegate.Status.SERVING, term__delegates__elected_on__lte=today)
        .select_related("term__congress").distinct()[:3])
    return {"sessions": sessions} if sessions else None


member.register_card(member.HomeCard(
    key="democracy.congress", template="democracy/congress/card_sign_in.html", context=open_sessions_card, order=5))


# The officer's desk: sessions whose day has passed and that are still not closed (闭幕 records 应到/实到 and the
# verdict: until then the session is neither valid nor invalid).
def sessions_to_close(user, org):
    from gonghui.accounts.roles import Perm

    from ..selectors import congress as reads

    qs = reads.sessions(user, Perm.DEMOCRACY_EDIT).exclude(status=CongressSession.Status.CLOSED).filter(
        opened_on__lt=localdate())
    return qs.filter(org__path__startswith=org.path) if org is not None else qs


def _register_desk():
    from django.urls import reverse

    from gonghui.accounts.roles import Perm
    from gonghui.portal import desk

    desk.register(desk.TodoSource(
        key="democracy.congress.to_close", label="职代会会议待闭幕登记", area="民主管理", perm=Perm.DEMOCRACY_EDIT,
        urgency=40, count=sessions_to_close,
        url=lambda org: reverse("democracy:congress_sessions")))


_register_desk()
