"""The membership card's signed token (issue 9): the QR code on 我的 encodes /portal/verify/<token>/.

token = django.core.signing.dumps([person id, member number], salt=SALT): it cannot be forged or altered without
SECRET_KEY; it is valid only while the person is still a member with that member number, so a copy of a card whose
holder left the union or was given a new number verifies as 无效.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

from gonghui.members.models import Person

SALT = "gonghui.portal.member-card"


@dataclass(frozen=True)
class Card:
    person: Person
    member_no: str
    union: str
    joined_on: object
    status: str
    token: str | None  # None: not a member (no card to show)


def token_for(person: Person) -> str:
    return signing.dumps([person.pk, person.member_no], salt=SALT)


def card(person: Person) -> Card:
    valid = person.is_member and bool(person.member_no)
    return Card(person, person.member_no, person.org.name, person.joined_on, person.get_member_status_display(),
                token_for(person) if valid else None)


def verify(token: str) -> Person | None:
    """The member the token names if it is authentic and still true, else None. One query."""
    try:
        pk, member_no = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not member_no:
        return None
    person = Person.objects.select_related("org").filter(pk=pk, member_no=member_no).first()
    if person is None or not person.is_member:
        return None
    return person
