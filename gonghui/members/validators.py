"""Dates a record about a person can have (日期合理性): the one rule every service and import calls.

A record about a person (or one of their family) cannot be dated
- before the person's (or the family member's) birth;
- after the person's death, unless it is about the death itself (本人去世慰问, 遗属供养, the 去世 event: these may
  not be dated *before* the death) or it goes to the family (`death=AFTER_OK`: a visit to the survivors, education
  aid for a deceased member's child);
- in the future, when it records something done (a visit made, money paid, a health check held, a membership
  change); a plan (a campaign's date, a review due, a retirement set for next month) passes `future_days=`.

`date_problem` is pure (no queries: the roster import calls it row by row with the values it holds);
`check_date` raises the Chinese ServiceError the services need.
"""
from __future__ import annotations

import datetime

from django.utils.timezone import localdate

from gonghui.core.errors import ServiceError

#: `death=`: the record must be on or before the death (default) ...
BEFORE_DEATH = "before"
#: ... is about the death, so on or after it ...
ABOUT_DEATH = "about"
#: ... or goes to the family, so the member's death does not limit it.
AFTER_OK = "any"


def _d(day: datetime.date) -> str:
    return f"{day:%Y-%m-%d}"


def date_problem(day: datetime.date | None, label: str, *, birth: datetime.date | None = None,
                 died: datetime.date | None = None, whose: str = "", death: str = BEFORE_DEATH,
                 future_days: int | None = 0, family_birth: datetime.date | None = None, family_name: str = "",
                 today: datetime.date | None = None) -> str | None:
    """The reason `day` cannot be (a Chinese sentence without the final stop), or None.

    `whose` names the person in the message ("李四的"); `future_days=None` allows any future date."""
    if day is None:
        return f"请填写{label}"
    today = today or localdate()
    if future_days is not None and day > today + datetime.timedelta(days=future_days):
        return f"{label}不能晚于今天" if future_days == 0 else f"{label}（{_d(day)}）不合理：晚于今天{future_days}天以上"
    if birth is not None and day < birth:
        return f"{label}（{_d(day)}）不能早于{whose}出生日期（{_d(birth)}）"
    if family_birth is not None and day < family_birth:
        return f"{label}（{_d(day)}）不能早于{family_name}的出生日期（{_d(family_birth)}）"
    if died is not None:
        if death == BEFORE_DEATH and day > died:
            return f"{label}（{_d(day)}）不能晚于{whose}去世日期（{_d(died)}）"
        if death == ABOUT_DEATH and day < died:
            return f"{label}（{_d(day)}）不能早于{whose}去世日期（{_d(died)}）"
    return None


def check_date(day: datetime.date | None, label: str, *, person=None, family_member=None,
               death: str = BEFORE_DEATH, future_days: int | None = 0) -> None:
    """Raise ServiceError when `day` cannot be the date of a record about `person` (a members.Person) and/or
    `family_member` (a members.FamilyMember): see the module's rules."""
    problem = date_problem(
        day, label, birth=getattr(person, "birth_date", None), died=getattr(person, "died_on", None),
        whose=f"{person.name}的" if person is not None else "", death=death, future_days=future_days,
        family_birth=getattr(family_member, "birth_date", None),
        family_name=getattr(family_member, "name", ""))
    if problem:
        raise ServiceError(problem + "。")
