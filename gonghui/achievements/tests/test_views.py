"""Pages: the member's phone pages (submit once, follow every step), the officer's list, record and actions, the
panel's scoring page, another union's ids (404), the 首页 card and the to-dos."""
from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.achievements.models import Grade, Suggestion
from gonghui.achievements.services import suggestions as services

from .conftest import DAY, full_scores, submit


def _form(**extra):
    data = {"title": "更换节能灯具", "problem": "车间照明为老式高压汞灯，耗电大", "proposal": "分批更换为LED灯具",
            "expected_benefit": "每年节电约3万度", "token": "tok-1"}
    data.update(extra)
    return data


def test_member_submits_once_and_follows(client, world):
    client.force_login(world["member"])
    page = client.get(reverse("achievements:my_suggestion_new"))
    assert page.status_code == 200 and 'name="token"' in page.content.decode()
    url = reverse("achievements:my_suggestion_new")
    first = client.post(url, _form(coauthors=[world["coauthor"].pk]))
    second = client.post(url, _form(coauthors=[world["coauthor"].pk]))
    assert first.status_code == second.status_code == 302 and first.url == second.url
    s = Suggestion.objects.get(title="更换节能灯具")
    assert s.coauthors.count() == 1
    html = client.get(reverse("achievements:my_suggestions")).content.decode()
    assert "更换节能灯具" in html and "已提交" in html
    services.suggestion_score(actor=None, suggestion=s, reviewer=world["judges"][0], scores=full_scores(world), on=DAY)
    services.suggestion_grade(actor=world["officer"], suggestion=s, grade=Grade.THIRD)
    services.suggestion_adopt(actor=world["officer"], suggestion=s, department="设备部")
    services.suggestion_benefit(actor=world["officer"], suggestion=s, amount="21000",
                                verified_on=localdate())
    html = client.get(reverse("achievements:my_suggestion", args=[s.pk])).content.decode()
    for text in ("三等", "设备部", "21000.00元", "核实效益", "决定采纳"):
        assert text in html, text
    home = client.get(reverse("portal:member_home")).content.decode()
    assert "我的合理化建议" in home and "更换节能灯具" in home
    # the co-author follows it too; another member does not see it
    client.force_login(world["coauthor_user"])
    assert client.get(reverse("achievements:my_suggestion", args=[s.pk])).status_code == 200
    client.force_login(world["judge_user"])
    assert client.get(reverse("achievements:my_suggestion", args=[s.pk])).status_code == 404


def test_member_form_errors_in_chinese(client, world):
    client.force_login(world["member"])
    response = client.post(reverse("achievements:my_suggestion_new"), _form(problem="短"))
    assert response.status_code == 200 and "至少5个字" in response.content.decode()


def test_officer_pages_and_actions(client, world):
    s = submit(world)
    client.force_login(world["officer"])
    html = client.get(reverse("achievements:suggestion_list")).content.decode()
    assert s.title in html and "乙校建议" not in html
    response = client.post(reverse("achievements:suggestion_score", args=[s.pk]),
                           {"reviewer": world["judges"][1].pk, "scored_on": "2025-03-05",
                            **{f"c{c.pk}": v for c, v in zip(world["criteria"], (40, 20, 20))}})
    assert response.status_code == 200 and "应在0至30分之间" in response.content.decode()
    response = client.post(reverse("achievements:suggestion_score", args=[s.pk]),
                           {"reviewer": world["judges"][1].pk, "scored_on": "2025-03-05",
                            **{f"c{c.pk}": v for c, v in zip(world["criteria"], (20, 20, 20))}})
    assert response.status_code == 302
    assert client.post(reverse("achievements:suggestion_grade", args=[s.pk]),
                       {"grade": Grade.FIRST, "graded_on": "2025-03-20"}).status_code == 302
    assert client.post(reverse("achievements:suggestion_adopt", args=[s.pk]),
                       {"department": "动力车间", "adopted_on": "2025-03-25"}).status_code == 302
    again = client.post(reverse("achievements:suggestion_adopt", args=[s.pk]),
                        {"department": "动力车间", "adopted_on": "2025-03-26"})
    assert "不能重复采纳" in again.content.decode()
    no_date = client.post(reverse("achievements:suggestion_benefit", args=[s.pk]), {"amount": "5000"})
    assert "效益核实日期" in no_date.content.decode()
    assert client.post(reverse("achievements:suggestion_benefit", args=[s.pk]),
                       {"amount": "5000", "verified_on": "2025-10-01"}).status_code == 302
    html = client.get(reverse("achievements:suggestion_detail", args=[s.pk])).content.decode()
    assert "5000.00元" in html and "动力车间" in html
    export = client.get(reverse("achievements:suggestion_list") + "?export=xlsx")
    assert export.status_code == 200
    # another union's suggestion: 404 everywhere
    b = world["b_suggestion"]
    for name in ("suggestion_detail", "suggestion_score", "suggestion_grade", "suggestion_adopt",
                 "suggestion_benefit"):
        assert client.get(reverse(f"achievements:{name}", args=[b.pk])).status_code == 404, name


def test_panel_member_scores_on_their_page(client, world):
    s = submit(world, coauthors=[world["coauthor"]])
    client.force_login(world["judge_user"])
    html = client.get(reverse("achievements:panel_list")).content.decode()
    assert s.title in html
    data = {"scored_on": "2025-03-05", **{f"c{c.pk}": v for c, v in zip(world["criteria"], (30, 30, 40))}}
    assert client.post(reverse("achievements:panel_score", args=[s.pk]), data).status_code == 302
    assert Suggestion.objects.get(pk=s.pk).total_score == 100
    # the co-author sits on the panel but may not score their own suggestion
    client.force_login(world["coauthor_user"])
    assert s.title not in client.get(reverse("achievements:panel_list")).content.decode()
    response = client.post(reverse("achievements:panel_score", args=[s.pk]), data)
    assert "应当回避" in response.content.decode()
    assert client.get(reverse("achievements:panel_score", args=[world["b_suggestion"].pk])).status_code == 404


def test_setup_page(client, world):
    client.force_login(world["officer"])
    html = client.get(reverse("achievements:setup")).content.decode()
    assert "创新性" in html and "赵评审" in html and "合计满分100分" in html
    response = client.post(reverse("achievements:setup"), {"form": "criterion", "c-name": "安全性", "c-max_score": "0"})
    assert response.status_code == 200
    response = client.post(reverse("achievements:setup"), {"form": "criterion", "c-name": "安全性",
                                                             "c-max_score": "10"})
    assert response.status_code == 302


def test_honour_pages(client, world):
    client.force_login(world["officer"])
    response = client.post(reverse("achievements:honour_add"), {
        "kind": "person", "person": world["judges"][0].pk, "title": "may_day_medal", "name": "2025年市五一劳动奖章",
        "level": "city", "year": 2025, "awarded_by": "市总工会", "awarded_on": "2025-04-28"})
    assert response.status_code == 302, response.content.decode()[:2000]
    html = client.get(reverse("achievements:honour_list")).content.decode()
    assert "2025年市五一劳动奖章" in html
    response = client.post(reverse("achievements:honour_add"), {
        "kind": "person", "person": world["b_person"].pk, "title": "may_day_medal", "name": "乙校的",
        "level": "city", "year": 2025, "awarded_by": "市总工会", "awarded_on": "2025-04-28"})
    assert response.status_code == 200  # not a choice: the school's person is not offered


def test_desk_todos(world):
    from gonghui.portal import desk

    s = submit(world)
    services.suggestion_score(actor=None, suggestion=s, reviewer=world["judges"][1], scores=full_scores(world), on=DAY)
    submit(world, title="第二条")
    officer = {t.label: t.count for t in desk.todos(world["officer"], world["company"])}
    assert officer["待评定或采纳的合理化建议"] == 1
    judge = {t.label: t.count for t in desk.todos(world["judge_user"], world["company"])}
    assert judge.get("待评审的合理化建议") == 2
    officer_b = {t.label: t.count for t in desk.todos(world["officer_b"], world["school"])}
    assert officer_b.get("待评定或采纳的合理化建议", 0) == 0


def test_unscored_suggestions_todo_and_reminder(client, world):
    import datetime

    from gonghui.portal import desk
    from gonghui.portal.models import Message

    s = submit(world)  # submitted on DAY (2025-03-03), nobody scores it
    from gonghui.achievements.selectors.suggestions import unscored

    assert list(unscored(world["officer"], within=world["company"], on=DAY + datetime.timedelta(days=29))) == []
    assert list(unscored(world["officer"], within=world["company"], on=DAY + datetime.timedelta(days=30))) == [s]
    assert s not in unscored(world["officer_b"], on=DAY + datetime.timedelta(days=30))
    source = next(t for t in desk.sources() if t.key == "achievements.suggestions_unscored")
    assert source.count(world["officer"], world["company"]).count() == 1  # today is long after DAY
    sent = desk.run_reminders(DAY + datetime.timedelta(days=30))
    assert sent["achievements.suggestions_unscored"] >= 1
    assert Message.objects.filter(recipient=world["officer"], title__contains=s.code).count() == 1
    assert desk.run_reminders(DAY + datetime.timedelta(days=31))["achievements.suggestions_unscored"] == 0
    assert desk.run_reminders(DAY + datetime.timedelta(days=37))["achievements.suggestions_unscored"] >= 1
    services.suggestion_score(actor=None, suggestion=s, reviewer=world["judges"][0], scores=full_scores(world),
                              on=DAY + datetime.timedelta(days=40))
    desk.run_reminders(DAY + datetime.timedelta(days=44))  # scored now: no third message (乙校's own still goes to 乙校)
    assert Message.objects.filter(recipient=world["officer"], title__contains=s.code).count() == 2
