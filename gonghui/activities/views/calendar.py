"""The .ics feed of events, trainings and meetings, for an officer's phone calendar.

A phone's calendar subscribes without a browser session, so the feed's URL carries a signed token of the user
(`signing.dumps(user id, salt=ICS_SALT)`, shown on /activities/calendar/ to the user themselves); the feed reads
with that user's ACTIVITIES_VIEW scope, so it never shows more than the user's pages. A token whose user is inactive
or no longer holds the permission gives 404. Events of the last 90 days and the next 365."""
from __future__ import annotations

import datetime

from django.core import signing
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import has_perm
from gonghui.core.views import PermRequiredMixin

from ..selectors import events as event_selectors
from ..selectors import other as other_selectors

ICS_SALT = "gonghui.activities.ics"


def feed_token(user) -> str:
    return signing.dumps(user.pk, salt=ICS_SALT)


def _esc(value: str) -> str:
    return (value or "").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545: lines of at most 75 octets, continued with a space."""
    out, cur = [], b""
    for ch in line:
        b = ch.encode()
        if len(cur) + len(b) > 73:
            out.append(cur.decode())
            cur = b""
        cur += b
    out.append(cur.decode())
    return "\r\n ".join(out)


def _dt(value: datetime.datetime) -> str:
    return value.astimezone(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def ics(request, token: str):
    from gonghui.accounts.models import User

    try:
        pk = signing.loads(token, salt=ICS_SALT)
    except signing.BadSignature:
        raise Http404("未找到该日历") from None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not has_perm(user, Perm.ACTIVITIES_VIEW):
        raise Http404("未找到该日历")
    now = timezone.now()
    since, until = now - datetime.timedelta(days=90), now + datetime.timedelta(days=365)
    stamp = _dt(now)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//gonghui//activities//ZH", "CALSCALE:GREGORIAN",
             "X-WR-CALNAME:工会活动日历", "X-WR-TIMEZONE:Asia/Shanghai"]
    host = request.build_absolute_uri("/")[:-1]
    for e in event_selectors.events(user).filter(starts_at__range=(since, until)).order_by("starts_at")[:500]:
        end = e.ends_at or e.starts_at + datetime.timedelta(hours=2)
        lines += ["BEGIN:VEVENT", f"UID:event-{e.pk}@gonghui", f"DTSTAMP:{stamp}", f"DTSTART:{_dt(e.starts_at)}",
                  f"DTEND:{_dt(end)}", f"SUMMARY:{_esc(e.title)}", f"LOCATION:{_esc(e.place)}",
                  f"DESCRIPTION:{_esc(e.get_kind_display() + ' · ' + e.get_status_display())}",
                  f"URL:{host}{e.get_absolute_url()}",
                  "STATUS:CANCELLED" if e.status == e.Status.CANCELLED else "STATUS:CONFIRMED", "END:VEVENT"]
    for c in other_selectors.courses(user).filter(starts_on__range=(since.date(), until.date()))[:500]:
        lines += ["BEGIN:VEVENT", f"UID:course-{c.pk}@gonghui", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{c.starts_on:%Y%m%d}", f"SUMMARY:{_esc('培训：' + c.title)}",
                  f"LOCATION:{_esc(c.place)}", f"URL:{host}{c.get_absolute_url()}", "END:VEVENT"]
    for m in other_selectors.meetings(user).filter(held_on__range=(since.date(), until.date()))[:500]:
        lines += ["BEGIN:VEVENT", f"UID:meeting-{m.pk}@gonghui", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{m.held_on:%Y%m%d}", f"SUMMARY:{_esc('会议：' + m.title)}",
                  f"LOCATION:{_esc(m.place)}", f"URL:{host}{m.get_absolute_url()}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    body = "\r\n".join(_fold(line) for line in lines) + "\r\n"
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="gonghui.ics"'
    return response


class CalendarLinkView(PermRequiredMixin, TemplateView):
    perm = Perm.ACTIVITIES_VIEW
    template_name = "activities/calendar.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        url = self.request.build_absolute_uri(reverse("activities:ics", args=[feed_token(self.request.user)]))
        ctx.update(title="活动日历订阅", feed=url, webcal=url.replace("https://", "webcal://").replace("http://",
                                                                                                "webcal://"))
        return ctx
