import datetime

from django.urls import reverse

from gonghui.members import services
from gonghui.members.models import Person


def test_bulk_admit_only_pending_in_scope(client, tree, officer_a, make_person):
    pending = make_person(tree["company"], "钱七", member=False)
    services.member_apply(person=pending, applied_on=datetime.date(2025, 1, 2))
    already = make_person(tree["company"], "孙八")
    elsewhere = make_person(tree["school"], "周九", member=False)
    services.member_apply(person=elsewhere, applied_on=datetime.date(2025, 1, 2))
    client.force_login(officer_a)
    response = client.post(reverse("members:person_list"),
                           {"action": "admit_selected", "pk": [pending.pk, already.pk, elsewhere.pk]}, follow=True)
    assert response.status_code == 200
    pending.refresh_from_db(); elsewhere.refresh_from_db()
    assert pending.member_status == Person.MemberStatus.ACTIVE
    assert elsewhere.member_status == Person.MemberStatus.PENDING  # another union's id is ignored
    assert "已批准入会1人" in response.content.decode()


def test_edit_with_stale_version_keeps_the_first_edit(client, tree, officer_a, make_person):
    p = make_person(tree["company"], "吴十")
    client.force_login(officer_a)
    url = reverse("members:person_edit", args=[p.pk])
    form = {"name": "吴十", "gender": "M", "ethnicity": "汉族", "department": "一车间", "version": p.version,
            "id_number": p.id_number}
    assert client.post(url, form).status_code == 302
    form["department"] = "二车间"  # second officer still holds the old version
    response = client.post(url, form)
    assert "已被他人修改" in response.content.decode()
    assert Person.objects.get(pk=p.pk).department == "一车间"


def test_other_unions_person_is_404_everywhere(client, tree, officer_a, make_person):
    p = make_person(tree["school"], "郑十一")
    client.force_login(officer_a)
    for name in ("members:person_detail", "members:person_edit", "members:family_add"):
        assert client.get(reverse(name, args=[p.pk])).status_code == 404
    assert client.post(reverse("members:person_reveal", args=[p.pk])).status_code == 404


def test_create_person_validates_id_in_chinese(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.post(reverse("members:person_add"), {"org": tree["company"].pk, "name": "王一",
                                                           "id_number": "320102198503071231", "ethnicity": "汉族"})
    assert response.status_code == 200 and "校验码错误" in response.content.decode()
    assert not Person.objects.filter(name="王一").exists()
