"""Issue 10's gaps: a draft survey's questions edited, reordered and deleted on the page and through the API;
refused with a clear Chinese message once the survey is open."""
from __future__ import annotations

import pytest
from django.urls import reverse

from gonghui.core.errors import ServiceError
from gonghui.democracy.models import Option, Question, Survey
from gonghui.democracy.services import surveys as services

from .test_surveys_services import make_survey, world  # noqa: F401


def _texts(survey):
    return list(Question.objects.filter(survey=survey).order_by("order").values_list("text", flat=True))


def test_edit_options_in_place(world):
    s, (q1, q2, q3, q4) = make_survey(world, open_=False)
    officer = world["officer"]
    keep = q1.options.get(text="满意")
    services.question_update(actor=officer, question=q1, text="您对食堂饭菜满意吗？", kind=Question.Kind.SINGLE,
                             required=True, options=["不满意", "满意", "非常满意", "满意"])
    q1.refresh_from_db()
    assert q1.text == "您对食堂饭菜满意吗？"
    assert list(q1.options.order_by("order").values_list("text", flat=True)) == ["不满意", "满意", "非常满意"]
    assert q1.options.get(text="满意").pk == keep.pk  # kept by text, renumbered
    with pytest.raises(ServiceError, match="至少需要两个不同的选项"):
        services.question_update(actor=officer, question=q1, text="x", kind=Question.Kind.MULTIPLE, options=["a"])
    services.question_update(actor=officer, question=q1, text="饭菜评分", kind=Question.Kind.RATING, options=[])
    assert not Option.objects.filter(question=q1).exists()
    with pytest.raises(ServiceError, match="不设选项"):
        services.question_update(actor=officer, question=q3, text="总体评分", kind=Question.Kind.TEXT,
                                 options=["a", "b"])
    # reorder and delete keep the numbering tidy
    services.question_move(actor=officer, question=q4, up=True)
    assert _texts(s) == ["饭菜评分", "希望增加哪些服务？", "其他意见", "总体评分"]
    services.question_move(actor=officer, question=q1, up=True)  # the first stays first
    services.question_remove(actor=officer, question=q2)
    assert list(Question.objects.filter(survey=s).order_by("order").values_list("order", flat=True)) == [1, 2, 3]


def test_refused_once_open(world, client):
    s, (q1, *_rest) = make_survey(world)  # open
    officer = world["officer"]
    for call in (lambda: services.question_update(actor=officer, question=q1, text="改", kind="text"),
                 lambda: services.question_move(actor=officer, question=q1, up=False),
                 lambda: services.question_remove(actor=officer, question=q1),
                 lambda: services.question_add(actor=officer, survey=s, text="新题", kind="text")):
        with pytest.raises(ServiceError, match="问卷已发布（进行中），题目和测评对象不能再修改"):
            call()
    client.force_login(officer)
    url = reverse("democracy:surveys_question_edit", args=[s.pk, q1.pk])
    html = client.get(url).content.decode()
    assert "问卷已发布（进行中），题目不能再修改" in html and 'id="question-edit-form"' not in html
    r = client.post(url, {"text": "改", "kind": "text"})
    assert r.status_code == 422 and "问卷已发布（进行中），题目不能再修改" in r.content.decode()
    q1.refresh_from_db()
    assert q1.text == "您对食堂饭菜是否满意？"
    r = client.post(reverse("democracy:surveys_action", args=[s.pk, "question_down"]), {"question": q1.pk},
                    follow=True)
    assert "题目和测评对象不能再修改" in r.content.decode()
    assert "问卷已发布，题目不能再修改" in client.get(s.get_absolute_url()).content.decode()
    s.refresh_from_db()
    services.survey_close(actor=officer, survey=s)
    with pytest.raises(ServiceError, match="问卷已结束"):
        services.question_remove(actor=officer, question=q1)


def test_pages_and_api_for_a_draft(world, client, tree, make_user):
    s, (q1, q2, q3, q4) = make_survey(world, open_=False)
    client.force_login(world["officer"])
    page = client.get(s.get_absolute_url()).content.decode()
    assert f'id="edit-question-{q1.pk}"' in page and "下移第1题" in page and "上移第1题" not in page
    url = reverse("democracy:surveys_question_edit", args=[s.pk, q2.pk])
    assert "夜宵\n早餐\n外卖" in client.get(url).content.decode()
    r = client.post(url, {"text": "希望增加哪些服务？（可多选）", "kind": "multiple", "required": "on",
                          "options": "早餐\n夜宵\n心理咨询"})
    assert r.status_code == 302
    q2.refresh_from_db()
    assert q2.required and list(q2.options.values_list("text", flat=True)) == ["早餐", "夜宵", "心理咨询"]
    client.post(reverse("democracy:surveys_action", args=[s.pk, "question_up"]), {"question": q2.pk})
    assert _texts(s)[0] == "希望增加哪些服务？（可多选）"
    api = f"/api/democracy/surveys/{s.pk}/questions/{q3.pk}/"
    r = client.put(api, {"text": "总体评分（1—5分）", "kind": "rating"}, content_type="application/json")
    assert r.status_code == 200 and any(q["text"] == "总体评分（1—5分）" for q in r.json()["questions"])
    r = client.post(api + "move/", {"up": True}, content_type="application/json")
    assert r.status_code == 200
    assert client.delete(api).status_code == 200 and not Question.objects.filter(pk=q3.pk).exists()
    # another union's officer: 404 on the page and the API
    client.force_login(make_user("officer_school", "officer", tree["school"]))
    assert client.get(url).status_code == 404
    assert client.put(f"/api/democracy/surveys/{s.pk}/questions/{q4.pk}/", {"text": "x", "kind": "text"},
                      content_type="application/json").status_code == 404
    # a question of another survey under this survey's address: 404
    other = Survey.objects.create(org=s.org, title="另一份", opens_on=s.opens_on, closes_on=s.closes_on)
    client.force_login(world["officer"])
    assert client.get(reverse("democracy:surveys_question_edit", args=[other.pk, q4.pk])).status_code == 404
