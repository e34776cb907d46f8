"""文体活动, the issue's "Done when" walk: an officer plans an event, the chair approves it, the officer opens the
sign-up; members sign up on a phone (390×844) until it is full and the next goes to the waiting list; one cancels
and the next is promoted (and told); on the day the officer checks a member in by the QR code (the code's URL opened
on the officer's phone) — the same code again is refused; results and a photo are recorded."""
import datetime
import io
import re

from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from conftest import PASSWORD


def test_event_walk(page, login, shot, tree, make_user, make_person, settings, tmp_path):
    from gonghui.accounts.roles import Role
    from gonghui.activities.models import Event, Signup

    settings.MEDIA_ROOT = tmp_path
    company = tree["company"]
    make_user("act_officer", Role.OFFICER, company)
    make_user("act_chair", Role.CHAIR, company)
    names = ["赵会员", "钱会员", "孙会员"]
    for i, name in enumerate(names):
        p = make_person(tree["branch"] if i else company, name, birth=datetime.date(1980 + i, 3, 1))
        make_user(f"act_m{i}", Role.MEMBER, p.org, person=p)

    # The officer plans the event with a budget: it waits for the chair.
    login("act_officer", PASSWORD)
    page.goto("/activities/events/new/")
    page.fill("#id_title", "春季登山健步走")
    page.select_option("#id_kind", "outing")
    start = timezone.localtime() + datetime.timedelta(days=7)
    page.fill("#id_starts_at", start.strftime("%Y-%m-%dT09:00"))
    page.fill("#id_deadline", (start - datetime.timedelta(days=2)).strftime("%Y-%m-%dT18:00"))
    page.fill("#id_capacity", "2")
    page.fill("#id_place", "紫金山")
    page.fill("#id_budget", "3000")
    page.click("button[type=submit]")
    expect(page.locator("#event-status")).to_have_text("筹备中")
    event_url = page.url
    shot("activities_event_planned")
    page.context.clear_cookies()
    login("act_chair", PASSWORD)
    page.goto(event_url)
    page.click("#approve")
    expect(page.locator("#event-status")).to_have_text("已批准")
    page.context.clear_cookies()
    login("act_officer", PASSWORD)
    page.goto(event_url)
    page.click("#open")
    expect(page.locator("#event-status")).to_have_text("报名中")
    page.context.clear_cookies()
    event = Event.objects.get(title="春季登山健步走")

    # Members on a phone: two places, the third waits.
    page.set_viewport_size({"width": 390, "height": 844})
    for i, expected in enumerate(["已报名", "已报名", "候补第1位"]):
        login(f"act_m{i}", PASSWORD)
        page.click("#tab-activities")
        expect(page.locator("#open-events")).to_contain_text("春季登山健步走")
        if i == 0:
            shot("activities_member_open_390")
        page.locator(f"[data-event='{event.pk}']").click()
        page.click("#signup-button")
        expect(page.locator("#signup-state")).to_have_text(expected)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        if i == 0:
            expect(page.locator("#checkin-qr svg")).to_be_visible()
            size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
            assert size >= 18, size
            shot("activities_member_signed_up_390")
        if i == 2:
            shot("activities_member_waiting_390")
        page.context.clear_cookies()

    # The second member cancels; the one waiting is promoted and told.
    login("act_m1", PASSWORD)
    page.goto(f"/activities/m/{event.pk}/")
    page.click("#cancel-button")
    expect(page.locator("#signup-state")).to_contain_text("已取消报名")
    page.context.clear_cookies()
    login("act_m2", PASSWORD)
    page.goto(f"/activities/m/{event.pk}/")
    expect(page.locator("#signup-state")).to_have_text("已报名")
    expect(page.locator("#checkin-qr svg")).to_be_visible()
    page.click("#messages-link")
    expect(page.locator("body")).to_contain_text("候补成功")
    page.context.clear_cookies()

    # On the day: the officer's phone opens the member's QR code URL and confirms; the same code again is refused.
    first = Signup.objects.get(event=event, person__name="赵会员")
    from gonghui.activities.services import events as services

    code_url = re.sub(r"^https?://[^/]+", "", "/activities/checkin/" + services.checkin_token(first) + "/")
    login("act_officer", PASSWORD)
    page.goto(code_url)
    expect(page.locator("#checkin-result")).to_contain_text("赵会员")
    page.click("#confirm-checkin")
    expect(page.locator("#checkin-result")).to_contain_text("签到成功")
    shot("activities_checkin_390")
    page.goto(code_url)
    page.click("#confirm-checkin")
    expect(page.locator("#checkin-error")).to_contain_text("只能使用一次")
    page.set_viewport_size({"width": 1400, "height": 900})

    # Tick the other name on the list, then results and a photo.
    page.goto(event_url + "?tab=signups")
    page.locator("tr[data-person='孙会员'] input[name=signup]").check()
    page.click("#tick")
    expect(page.locator("#n-checked")).to_have_text("2")
    shot("activities_signups")
    page.goto(f"/activities/events/{event.pk}/award/")
    page.fill("#id_title", "登山第一名")
    page.select_option("#id_level", "first")
    page.select_option("#id_person", label="赵会员")
    page.click("button[type=submit]")
    expect(page.locator("#awards")).to_contain_text("登山第一名")
    picture = tmp_path / "合影.jpg"
    buf = io.BytesIO()
    Image.new("RGB", (1600, 1000), (180, 40, 40)).save(buf, "JPEG")
    picture.write_bytes(buf.getvalue())
    page.goto(f"/activities/events/{event.pk}/photo/")
    page.set_input_files("#id_file", str(picture))
    page.fill("#id_caption", "山顶合影")
    page.click("button[type=submit]")
    expect(page.locator("#photos img")).to_have_count(1)
    shot("activities_photos")
    assert Signup.objects.filter(event=event, checked_in_at__isnull=False).count() == 2
