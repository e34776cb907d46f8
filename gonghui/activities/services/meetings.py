"""Every change to meetings (会议): the meeting with its minutes, decisions with an owner and a due date."""
from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.core.errors import ServiceError
from gonghui.orgs.models import Organization

from ..models import Decision, Meeting, MeetingKind
from ._common import require, required, text

EDITABLE = ("kind", "title", "held_on", "place", "chaired_by", "recorded_by", "attendees", "absentees", "agenda",
            "minutes")


@transaction.atomic
def meeting_save(*, actor, org: Organization | None = None, meeting: Meeting | None = None, **fields) -> Meeting:
    if meeting is None:
        require(actor, Perm.ACTIVITIES_EDIT, org)
        if org.kind not in Organization.UNION_KINDS:
            raise ServiceError("会议由工会召开：请切换到本会后再登记。")
        meeting = Meeting(org=org)
    else:
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        require(actor, Perm.ACTIVITIES_EDIT, meeting.org)
    for name, value in fields.items():
        if name in EDITABLE:
            setattr(meeting, name, value)
    meeting.title = required(meeting.title, "会议名称", 100)
    if meeting.kind not in MeetingKind.values:
        raise ServiceError("请选择会议类型。")
    if meeting.held_on is None:
        raise ServiceError("请填写会议日期。")
    for name, limit in (("place", 100), ("chaired_by", 50), ("recorded_by", 50), ("absentees", 200)):
        setattr(meeting, name, text(getattr(meeting, name), limit))
    meeting.save()
    return meeting


@transaction.atomic
def decision_add(*, actor, meeting: Meeting, text_: str, owner: str, due_on: datetime.date) -> Decision:
    require(actor, Perm.ACTIVITIES_EDIT, meeting.org)
    if due_on is None:
        raise ServiceError("请填写完成期限。")
    if due_on < meeting.held_on:
        raise ServiceError("完成期限早于会议日期，请核对。")
    return Decision.objects.create(meeting=meeting, text=required(text_, "议定事项", 300),
                                   owner=required(owner, "责任人", 50), due_on=due_on)


@transaction.atomic
def decision_done(*, actor, decision: Decision, done_on: datetime.date, outcome: str = "") -> Decision:
    decision = Decision.objects.select_for_update().select_related("meeting__org").get(pk=decision.pk)
    require(actor, Perm.ACTIVITIES_EDIT, decision.meeting.org)
    if done_on is None or done_on > localdate():
        raise ServiceError("完成日期不能在今天之后。")
    if done_on < decision.meeting.held_on:
        raise ServiceError("完成日期早于会议日期，请核对。")
    decision.done_on, decision.outcome = done_on, text(outcome, 300)
    decision.save()
    return decision
