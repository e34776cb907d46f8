"""The congress on the member's phone: while a session of a term the member is a delegate of is open (进行中), the
首页 shows a card to sign in (one query whatever the data; none for a user without a person)."""
from __future__ import annotations

from django.utils.timezone import localdate

from gonghui.portal import member

from ..models import CongressSession, Delegate


def open_sessions(user, today=None) -> list[CongressSession]:
    """The ORM form of the card's rule (the reference `open_sessions_card` is tested against): open sessions of the
    terms the member serves in as a delegate elected by today."""
    person_id = getattr(user, "person_id", None)
    if not person_id:
        return []
    today = today or localdate()
    return list(CongressSession.objects.filter(
        status=CongressSession.Status.OPEN, term__delegates__person_id=person_id,
        term__delegates__status=Delegate.Status.SERVING, term__delegates__elected_on__lte=today)
        .select_related("term__congress").distinct()[:3])


def open_sessions_card(user) -> dict | None:
    """`open_sessions(user)` as one hand-written query (it runs on every 首页: core/rawsql.py); the sessions come
    back as unsaved CongressSession objects with their term and congress, enough for their name and address."""
    from gonghui.core import rawsql
    from gonghui.orgs.models import Organization

    from ..models import Congress, Term

    person_id = getattr(user, "person_id", None)
    if not person_id:
        return None
    found = rawsql.rows(
        f"SELECT s.id, s.number, t.id, t.number, c.id, c.kind FROM {rawsql.table(CongressSession)} s "
        f"INNER JOIN {rawsql.table(Term)} t ON t.id = s.term_id "
        f"INNER JOIN {rawsql.table(Congress)} c ON c.id = t.congress_id "
        f"INNER JOIN {rawsql.table(Organization)} o ON o.id = c.org_id "
        f"WHERE s.status = %s AND EXISTS (SELECT 1 FROM {rawsql.table(Delegate)} d WHERE d.term_id = t.id "
        f"AND d.person_id = %s AND d.status = %s AND d.elected_on <= %s) "
        f"ORDER BY o.path, c.kind, t.number DESC, s.number LIMIT 3",
        [CongressSession.Status.OPEN, person_id, Delegate.Status.SERVING, rawsql.date(localdate())])
    sessions = [CongressSession(id=sid, number=number, term=Term(id=tid, number=term_no,
                                                                  congress=Congress(id=cid, kind=kind)))
                for sid, number, tid, term_no, cid, kind in found]
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
