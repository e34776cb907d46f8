"""The import wizard pages: upload → preview → commit → result, downloads, oversize uploads and scoping."""
from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gonghui.accounts.roles import Role
from gonghui.members.models import ImportBatch, Person

from .import_helpers import new_id, row, xlsx_bytes


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, org, data: bytes, name="花名册.xlsx"):
    return client.post(reverse("members:import_start"), {"org": org.pk, "file": SimpleUploadedFile(name, data)})


def sheet_rows(content: bytes) -> list[list]:
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return workbook.get_sheet_by_index(0).to_python()


def test_wizard_upload_preview_commit_result(client, tree, officer_a):
    client.force_login(officer_a)
    page = client.get(reverse("members:import_start"))
    assert page.status_code == 200
    assert "下载导入模板" in page.content.decode()
    good = new_id()
    response = upload(client, tree["company"], xlsx_bytes([row("页面甲", good, 入会日期="2020-01-01"), row("页面乙", "1")]))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("members:import_preview", args=[batch.pk])
    preview = client.get(response.url).content.decode()
    assert "页面甲" in preview and good not in preview  # ID numbers masked in the preview
    assert "只导入无误的 1 行" in preview and "身份证号应为18位" in preview
    # All-or-nothing is refused while there are errors; valid-only needs the confirmation box.
    response = client.post(reverse("members:import_commit", args=[batch.pk]), {"mode": "all"})
    assert response.status_code == 302 and not Person.objects.filter(id_number=good).exists()
    client.post(reverse("members:import_commit", args=[batch.pk]), {"mode": "valid_only"})
    assert not Person.objects.filter(id_number=good).exists()
    response = client.post(reverse("members:import_commit", args=[batch.pk]), {"mode": "valid_only", "confirm": "1"})
    assert response.url == reverse("members:import_result", args=[batch.pk])
    result = client.get(response.url).content.decode()
    assert "导入完成" in result and "未导入（有误）" in result
    assert Person.objects.get(id_number=good).member_status == "active"
    # Double submission: nothing happens twice.
    again = client.post(reverse("members:import_commit", args=[batch.pk]), {"mode": "valid_only", "confirm": "1"})
    assert again.url == reverse("members:import_result", args=[batch.pk])
    assert Person.objects.filter(id_number=good).count() == 1
    assert client.get(reverse("members:import_preview", args=[batch.pk])).status_code == 302


def test_file_errors_are_shown_on_the_upload_page(client, tree, officer_a):
    client.force_login(officer_a)
    response = upload(client, tree["company"], b"\x89PNG\r\n\x1a\n\x00\x00", "a.xlsx")
    assert response.status_code == 200 and "内容不是 Excel 文件" in response.content.decode()
    response = upload(client, tree["company"], b"", "a.xlsx")
    assert "文件是空的" in response.content.decode()
    response = upload(client, tree["company"], xlsx_bytes([["张三", "x"]], ["姓名", "证件"], raw_rows=True))
    assert "缺少必填列：身份证号" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_org_outside_scope_cannot_be_chosen(client, tree, officer_a):
    client.force_login(officer_a)
    response = upload(client, tree["school"], xlsx_bytes([row("越权", new_id())]))
    assert response.status_code == 200 and not ImportBatch.objects.exists()
    assert "org" in response.context["form"].errors


def test_oversized_upload_is_stopped_while_streaming_and_explained(client, tree, officer_a, settings):
    """A 50 MB file: the upload handler stops it before it is parsed; the page says why."""
    client.force_login(officer_a)
    size = settings.GONGHUI_MAX_UPLOAD_BYTES + 1024 * 1024
    response = upload(client, tree["company"], b"a" * size, "big.csv")
    assert response.status_code == 200
    body = response.content.decode()
    assert "文件超过 50 MB 的上限" in body
    assert not ImportBatch.objects.exists()


def test_upload_slightly_over_limit_is_stopped_in_the_middle(client, tree, officer_a, settings):
    settings.GONGHUI_MAX_UPLOAD_BYTES = 200 * 1024
    client.force_login(officer_a)
    response = upload(client, tree["company"], b"a" * (230 * 1024), "big.csv")
    assert response.status_code == 200 and "上限" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_template_download(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("members:import_template"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = sheet_rows(response.content)
    assert rows[0][:3] == ["姓名", "身份证号", "性别"] and "所在组织代码" in rows[0] and "入会日期" in rows[0]
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert workbook.sheet_names == ["花名册", "填写说明"]


def test_error_report_download(client, tree, officer_a):
    client.force_login(officer_a)
    number = new_id()
    upload(client, tree["company"], xlsx_bytes([row("甲", number), row("乙", number), row("=1+1", "12")]))
    batch = ImportBatch.objects.get()
    response = client.get(reverse("members:import_errors", args=[batch.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    rows = sheet_rows(b"".join(response.streaming_content))
    header = rows[1]
    assert header == ["行号", "列", "原值", "原因"]
    body = rows[2:]
    # Row 4's name is a formula cell (openpyxl writes "=1+1" as one); its value is never computed: empty name.
    assert [(r[0], r[1]) for r in body] == [(2, "身份证号"), (3, "身份证号"), (4, "姓名"), (4, "身份证号")]
    assert body[3][2] == "12" and body[2][3] == "姓名为空"


def test_error_report_lists_every_error_beyond_the_stored_cap(client, tree, officer_a, monkeypatch):
    monkeypatch.setattr(ImportBatch, "MAX_STORED_ERRORS", 2)
    client.force_login(officer_a)
    upload(client, tree["company"], xlsx_bytes([row(f"错{i}", "1") for i in range(5)]))
    batch = ImportBatch.objects.get()
    assert (batch.error_count, len(batch.errors)) == (5, 2)
    page = client.get(reverse("members:import_preview", args=[batch.pk])).content.decode()
    assert "共 5 条" in page
    response = client.get(reverse("members:import_errors", args=[batch.pk]))
    rows = sheet_rows(b"".join(response.streaming_content))
    assert len(rows) == 2 + 5


def test_discard(client, tree, officer_a):
    client.force_login(officer_a)
    upload(client, tree["company"], xlsx_bytes([row("弃", new_id())]))
    batch = ImportBatch.objects.get()
    name = batch.file.name
    client.post(reverse("members:import_discard", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == "discarded" and not batch.file.storage.exists(name)


def test_batches_of_another_union_are_not_found(client, tree, officer_a, officer_b, make_user):
    client.force_login(officer_a)
    upload(client, tree["company"], xlsx_bytes([row("保密", new_id())]))
    batch = ImportBatch.objects.get()
    viewer = make_user("viewer_a", Role.GROUP_LEADER, tree["company"])  # may see people, may not import
    for user in (officer_b, viewer):
        client.force_login(user)
        for name in ("import_preview", "import_errors", "import_result"):
            assert client.get(reverse(f"members:{name}", args=[batch.pk])).status_code == 404, (user, name)
        for name in ("import_commit", "import_discard"):
            assert client.post(reverse(f"members:{name}", args=[batch.pk]), {"mode": "all"}).status_code == 404
        assert "保密" not in client.get(reverse("members:import_start")).content.decode() if user == officer_b else True
    assert client.get(reverse("members:import_start")).status_code == 404  # viewer has no import permission
    batch.refresh_from_db()
    assert batch.status == "validated" and not Person.objects.filter(name="保密").exists()
    # An upper union's officer sees the batch of a union below.
    client.force_login(make_user("fed_officer", Role.OFFICER, tree["fed"]))
    assert client.get(reverse("members:import_preview", args=[batch.pk])).status_code == 200


def test_oversized_upload_with_csrf_checks_gets_the_message_not_a_server_error(tree, officer_a, settings):
    """As in production, the CSRF middleware reads the POST first; the upload is still refused politely."""
    from django.test import Client

    settings.GONGHUI_MAX_UPLOAD_BYTES = 100 * 1024
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer_a)
    client.get(reverse("members:import_start"))
    token = client.cookies["csrftoken"].value
    big = io.BytesIO(b"a" * (400 * 1024))
    big.name = "big.csv"
    response = client.post(reverse("members:import_start"),
                           {"csrfmiddlewaretoken": token, "org": tree["company"].pk, "file": big})
    assert response.status_code == 200 and "上限" in response.content.decode()
    assert not ImportBatch.objects.exists()
