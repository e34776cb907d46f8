import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils.timezone import localdate

from gonghui.accounts.roles import Role
from gonghui.care import services as care
from gonghui.care.models import HardshipLevel, LifeEventKind
from gonghui.portal import desk
from gonghui.portal.models import Message

DAY = datetime.timedelta(days=1)


@pytest.fixture
def due(tree, officer_a, officer_b, make_person, must_visit):
    """甲公司: a review due in 5 days, one due in 20 (too early), an event 5 days ago not visited, one yesterday
    (too soon). 乙学校's officer must hear of none of them."""
    today = localdate()

    def hardship(name, review_in):
        p = make_person(tree["company"], name)
        return care.hardship_file_open(actor=officer_a, person=p, level=HardshipLevel.ORDINARY, causes=["illness"],
                                       opened_on=today - 300 * DAY, review_due_on=today + review_in * DAY)

    def event(name, days_ago):
        p = make_person(tree["company"], name)
        return care.life_event_report(actor=officer_a, person=p, kind=LifeEventKind.HOSPITALISED,
                                      occurred_on=today - days_ago * DAY)

    return {"soon": hardship("五天后", 5), "later": hardship("二十天后", 20), "old": event("五天前", 5),
            "new": event("昨天", 1)}


def test_reminders_reach_the_unions_care_officers_once_a_day(tree, officer_a, officer_b, make_user, due):
    fed_officer = make_user("fed_officer", Role.OFFICER, tree["fed"])
    branch_women = make_user("women_branch", Role.WOMEN, tree["branch"])  # CARE_VIEW, not the company's union
    today = localdate()
    sent = desk.run_reminders(today)
    # every other area's reminders have nothing to say here (care's are the ones this test sets up)
    assert sent == {**dict.fromkeys(sent, 0), "care.not_visited": 1, "care.review_due": 1}
    got = {(m.recipient.username, m.kind) for m in Message.objects.select_related("recipient")}
    assert got == {("officer_a", "care.review_due"), ("officer_a", "care.not_visited")}
    assert not Message.objects.filter(recipient__in=[officer_b, fed_officer, branch_women]).exists()
    titles = sorted(Message.objects.values_list("title", flat=True))
    assert any(due["soon"].file_no in t for t in titles) and any("五天前" in t for t in titles)
    # Twice the same day: nothing new. The next day: reminded again.
    assert set(desk.run_reminders(today).values()) == {0}
    assert Message.objects.count() == 2
    assert sum(desk.run_reminders(today + DAY).values()) == 2
    assert Message.objects.count() == 4


def test_the_command_runs_for_a_given_day_and_is_idempotent(due):
    out = StringIO()
    call_command("remind", today=localdate().isoformat(), stdout=out)
    assert "共发送 2 条提醒" in out.getvalue()
    out = StringIO()
    call_command("remind", today=localdate().isoformat(), stdout=out)
    assert "共发送 0 条提醒" in out.getvalue()
    with pytest.raises(CommandError, match="无法识别"):
        call_command("remind", today="2025-13-01")
