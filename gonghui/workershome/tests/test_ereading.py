"""电子书屋: e-reading links per union (http/https only), the officer's list, edits and export, the member's list on
a phone; another union's links answer 404 and are never listed."""
from __future__ import annotations

import pytest
from django.urls import reverse

from gonghui.core.errors import ServiceError
from gonghui.workershome.models import EReadingLink
from gonghui.workershome.services import ereading as services

pytestmark = pytest.mark.django_db


def test_links_validate_the_address_and_refuse_duplicates(home, officer_b):
    officer, org = home["officer"], home["org"]
    link = services.link_create(actor=officer, org=org, title=" 职工电子书屋 ", url=" https://read.example.cn/home ",
                                description="手机扫码即可阅读")
    assert (link.title, link.url) == ("职工电子书屋", "https://read.example.cn/home")
    for url, message in (("javascript:alert(1)", "http:// 或 https://"), ("ftp://x.example.cn/a", "http:// 或 https://"),
                         ("www.example.cn", "http:// 或 https://"), ("https://", "不是有效的网址"), ("", "请填写网址")):
        with pytest.raises(ServiceError, match=message):
            services.link_create(actor=officer, org=org, title="坏链接", url=url)
    with pytest.raises(ServiceError, match="请填写名称"):
        services.link_create(actor=officer, org=org, title=" ", url="https://a.example.cn/")
    with pytest.raises(ServiceError, match="已有网址"):
        services.link_create(actor=officer, org=org, title="重复", url="https://read.example.cn/home")
    link = services.link_update(actor=officer, link=link, title="职工书屋（数字版）", url="http://read.example.cn/v2")
    assert link.url == "http://read.example.cn/v2" and link.description == ""
    with pytest.raises(ServiceError) as exc:
        services.link_update(actor=officer_b, link=link, title="改", url="https://b.example.cn/")
    assert exc.value.code == "out_of_scope"
    with pytest.raises(ServiceError) as exc:
        services.link_delete(actor=officer_b, link=link)
    assert exc.value.code == "out_of_scope"
    services.link_delete(actor=officer, link=link)
    assert not EReadingLink.objects.exists()


def _login(client, user, org=None):
    client.force_login(user)
    if org is not None:
        session = client.session
        session["current_org"] = org.pk
        session.save()


def test_officer_pages_crud_export_and_404_for_another_union(client, home, officer_b, tree):
    _login(client, home["officer"], home["org"])
    add = reverse("workershome:ereading_add")
    page = client.post(add, {"title": "坏", "url": "javascript:alert(1)"}).content.decode()
    assert "http:// 或 https://" in page and not EReadingLink.objects.exists()
    assert client.post(add, {"title": "学习强国", "url": "https://www.xuexi.cn/",
                             "description": "理论学习"}).status_code == 302
    link = EReadingLink.objects.get()
    listing = client.get(reverse("workershome:ereading_list")).content.decode()
    assert "学习强国" in listing and 'href="https://www.xuexi.cn/"' in listing
    export = client.get(reverse("workershome:ereading_list"), {"export": "xlsx"})
    assert export.status_code == 200 and "spreadsheetml" in export["Content-Type"]
    edit = reverse("workershome:ereading_edit", args=[link.pk])
    assert "https://www.xuexi.cn/" in client.get(edit).content.decode()
    client.post(edit, {"title": "学习强国平台", "url": "https://www.xuexi.cn/", "description": ""})
    link.refresh_from_db()
    assert link.title == "学习强国平台"
    school_link = services.link_create(actor=None, org=tree["school"], title="乙校图书馆",
                                       url="https://lib.example.edu.cn/")
    assert "乙校图书馆" not in client.get(reverse("workershome:ereading_list")).content.decode()
    for name in ("ereading_edit", "ereading_delete"):
        assert client.get(reverse(f"workershome:{name}", args=[school_link.pk])).status_code == 404
        assert client.post(reverse(f"workershome:{name}", args=[school_link.pk]),
                           {"title": "x", "url": "https://x.example.cn/"}).status_code == 404
    client.post(reverse("workershome:ereading_delete", args=[link.pk]))
    assert list(EReadingLink.objects.all()) == [school_link]
    _login(client, officer_b, tree["school"])
    assert "乙校图书馆" in client.get(reverse("workershome:ereading_list")).content.decode()


def test_member_sees_their_unions_links_on_a_phone(client, home, tree):
    services.link_create(actor=None, org=home["org"], title="职工电子书屋", url="https://read.example.cn/",
                         description="海量电子图书")
    services.link_create(actor=None, org=tree["school"], title="乙校图书馆", url="https://lib.example.edu.cn/")
    _login(client, home["member_users"][0])
    page = client.get(reverse("workershome:my_ereading"), HTTP_USER_AGENT="Mozilla/5.0 (iPhone)").content.decode()
    assert "职工电子书屋" in page and "海量电子图书" in page and "乙校图书馆" not in page
    assert 'rel="noopener noreferrer"' in page
    assert client.get(reverse("workershome:ereading_list")).status_code in (403, 404)
