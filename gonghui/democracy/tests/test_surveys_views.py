"""Survey pages: the officer's list, builder, results and export; the member's answer form; scope (404)."""
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from gonghui.democracy.models import Participation, Question, Survey
from gonghui.democracy.services import surveys as services
from gonghui.portal import desk

from .test_surveys_services import TODAY, full_answers, make_survey, world  # noqa: F401


def test_officer_builds_opens_and_closes(client, world):
    client.force_login(world["officer"])
    r = client.post(reverse("democracy:surveys_create"), {
        "title": "职工食堂满意度", "kind": "satisfaction", "audience": "members",
        "opens_on": TODAY.isoformat(), "closes_on": (TODAY + datetime.timedelta(days=7)).isoformat(),
        "anonymous": "on"})
    survey = Survey.objects.get(title="职工食堂满意度")
    assert r.status_code == 302 and r["Location"] == survey.get_absolute_url()
    action = lambda a: reverse("democracy:surveys_action", args=[survey.pk, a])  # noqa: E731
    client.post(action("question"), {"text": "饭菜口味", "kind": "single", "required": "on",
                                     "options": "满意\n一般\n不满意"})
    r = client.post(action("question"), {"text": "只有一个选项", "kind": "single", "options": "满意"}, follow=True)
    assert "至少需要两个不同的选项" in r.content.decode()
    assert list(survey.questions.values_list("text", flat=True)) == ["饭菜口味"]
    page = client.get(survey.get_absolute_url()).content.decode()
    assert "饭菜口味" in page and "满意／一般／不满意" in page and 'id="open-survey"' in page
    client.post(action("open"))
    client.post(action("open"))  # a double click
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN and survey.online_issued == 4
    r = client.post(action("counts"), {"issued": "10", "returned": "12", "valid": "9"}, follow=True)
    assert "回收份数（12）不能多于发放份数（10）" in r.content.decode()
    client.post(action("counts"), {"issued": "10", "returned": "9", "valid": "8"})
    survey.refresh_from_db()
    assert (survey.issued, survey.returned, survey.valid) == (14, 9, 8)
    client.post(action("close"))
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED


def test_list_results_and_export(client, world, django_assert_max_num_queries):
    s, qs = make_survey(world)
    for m in world["members"][:2]:
        services.answer_submit(actor=m, survey=s, answers=full_answers(qs))
    client.force_login(world["officer"])
    with django_assert_max_num_queries(20):
        page = client.get(reverse("democracy:surveys_list")).content.decode()
    assert s.title in page and "50.0%" in page  # 2 of 4
    r = client.get(reverse("democracy:surveys_list") + "?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    cells = [c.value for row in sheet.iter_rows() for c in row]
    assert "有效回收率（%）" in cells and s.title in cells and "50.0" in cells
    with django_assert_max_num_queries(25):
        r = client.get(reverse("democracy:surveys_results", args=[s.pk]))
    body = r.content.decode()
    assert 'id="survey-charts"' in body and "democracy/surveys.js" in body and "<script>" not in body
    assert 'data-survey-chart="q' in body and "回收率" in body and "有效回收率" in body
    r = client.get(reverse("democracy:surveys_results", args=[s.pk]) + "?export=xlsx")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    texts = [str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None]
    assert "回收（份）" in texts and "多开窗口" in texts


def test_another_unions_survey_is_404(client, world, officer_b):
    s, qs = make_survey(world)
    client.force_login(officer_b)
    for url in (reverse("democracy:surveys_detail", args=[s.pk]), reverse("democracy:surveys_results", args=[s.pk])):
        assert client.get(url).status_code == 404
    assert client.post(reverse("democracy:surveys_action", args=[s.pk, "close"])).status_code == 404
    client.force_login(world["outsider"])
    assert client.get(reverse("democracy:surveys_answer", args=[s.pk])).status_code == 404
    assert client.post(reverse("democracy:surveys_answer", args=[s.pk]), {}).status_code == 404


def test_member_answers_once_and_keeps_choices_on_error(client, world):
    s, qs = make_survey(world)
    q1, q2, q3, q4 = qs
    m = world["members"][0]
    client.force_login(m)
    home = client.get(reverse("portal:member_home")).content.decode()
    assert "问卷待填写" in home and s.title in home
    services_page = client.get(reverse("portal:member_services")).content.decode()
    assert "问卷测评" in services_page
    url = reverse("democracy:surveys_answer", args=[s.pk])
    form = client.get(url).content.decode()
    assert 'id="survey-form"' in form and "匿名" in form
    first = q1.options.first()
    r = client.post(url, {f"q{q1.pk}": first.pk, f"q{q4.pk}": "我的意见"})  # the rating is missing
    body = r.content.decode()
    assert r.status_code == 422 and "还有未作答的必答项：第3题" in body
    assert f'value="{first.pk}" checked' in body and "我的意见</textarea>" in body
    data = {f"q{q1.pk}": first.pk, f"q{q2.pk}": [o.pk for o in q2.options.all()[:2]], f"q{q3.pk}": "5"}
    r = client.post(url, data)
    assert r.status_code == 302
    r = client.post(url, data, follow=True)  # a double click
    assert "以第一次提交为准" in r.content.decode()
    assert Participation.objects.filter(survey=s).count() == 1
    s.refresh_from_db()
    assert s.online_returned == 1
    assert "已提交" in client.get(reverse("democracy:surveys_my")).content.decode()
    assert "问卷待填写" not in client.get(reverse("portal:member_home")).content.decode()


def test_todo_and_reminder_are_idempotent(client, world):
    from gonghui.portal.models import Message

    s, qs = make_survey(world, closes=TODAY + datetime.timedelta(days=2))
    services.answer_submit(actor=world["members"][0], survey=s, answers=full_answers(qs))
    todos = {t.key: t.count for t in desk.todos(world["officer"], world["tree"]["company"])}
    assert todos.get("democracy.surveys_low") == 1
    desk.run_reminders(TODAY)
    desk.run_reminders(TODAY)
    sent = Message.objects.filter(kind="democracy.survey_remind")
    assert sorted(sent.values_list("recipient__username", flat=True)) == ["m1", "m2", "m3"]


def test_evaluation_builder_and_paper_tallies(client, world):
    s, qs = make_survey(world, kind=Survey.Kind.EVALUATION, open_=False)
    client.force_login(world["officer"])
    action = lambda a: reverse("democracy:surveys_action", args=[s.pk, a])  # noqa: E731
    client.post(action("subject"), {"name": "赵工会委员", "post": "组织委员"})
    assert s.subjects.count() == 3
    client.post(action("open"))
    client.post(action("counts"), {"issued": "20", "returned": "18", "valid": "16"})
    subject = s.subjects.get(name="赵工会委员")
    r = client.post(action("subject_counts"), {"subject": subject.pk, "satisfied": "12", "basic": "6",
                                               "unsatisfied": "1"}, follow=True)
    assert "多于有效纸质测评表16份" in r.content.decode()
    client.post(action("subject_counts"), {"subject": subject.pk, "satisfied": "12", "basic": "3", "unsatisfied": "1"})
    body = client.get(reverse("democracy:surveys_results", args=[s.pk])).content.decode()
    assert "93.8%" in body and "75.0%" in body  # (12+3)/16 and 12/16
