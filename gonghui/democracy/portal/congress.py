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
