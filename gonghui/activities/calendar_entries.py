"""Activities' provider for the union work calendar (core.calendar; registered in ActivitiesConfig.ready): the
events (not cancelled), trainings and meetings of the calendar's organisation subtree that the user may read
(ACTIVITIES_VIEW), one query per part whatever the number of entries."""
from __future__ import annotations

import datetime

from django.utils import timezone

from gonghui.core.calendar import Entry

from .models import Event
from .selectors import events as event_selectors
from .selectors import other as other_selectors


def calendar_entries(user, org, start: datetime.date, end: datetime.date):
    since = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    until = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min))
    for e in (event_selectors.events(user, within=org).filter(starts_at__gte=since, starts_at__lt=until)
              .exclude(status=Event.Status.CANCELLED).order_by("starts_at")):
        yield Entry(timezone.localdate(e.starts_at), e.title, e.get_absolute_url(), "event", 20)
    for c in other_selectors.courses(user, within=org).filter(starts_on__range=(start, end)):
        yield Entry(c.starts_on, c.title, c.get_absolute_url(), "course", 30)
    for m in other_selectors.meetings(user, within=org).filter(held_on__range=(start, end)):
        yield Entry(m.held_on, m.title, m.get_absolute_url(), "meeting", 40)
