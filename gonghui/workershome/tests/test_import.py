"""The catalogue import: ISBN checked per row, the same ISBN twice adds copies (in the file and against the
catalogue), sources and 中图法 classes by name or letter; the export imports again."""
from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook

from gonghui.core import importing
from gonghui.workershome.models import Book, BookCopy, Source

pytestmark = pytest.mark.django_db


def _sheet(tmp_path, rows, name="books.xlsx"):
    book = Workbook()
    sheet = book.active
    sheet.append(["书名", "作者", "出版社", "ISBN", "中图法分类", "册数", "来源", "捐赠人", "入藏日期"])
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def test_bad_isbn_and_unknown_class_are_reported(tmp_path, home):
    importer = importing.get("books")
    bad = _sheet(tmp_path, [["三体", "刘慈欣", "重庆出版社", "9787536692931", "I", 1, "购置", "", "2025-03-01"],
                            ["怪书", "", "", "", "魔法", 1, "买的", "", "2025-03-01"]])
    _, analysis = importing.validate_file(importer, bad, "books.xlsx", org=home["org"], user=home["officer"])
    reasons = [e.reason for e in analysis.errors]
    assert any("校验位有误（应为0）" in r for r in reasons), reasons
    assert any("不是中图法基本大类" in r for r in reasons), reasons
    assert any("来源" in r for r in reasons), reasons


def test_same_isbn_twice_adds_copies(tmp_path, home):
    importer = importing.get("books")
    good = _sheet(tmp_path, [
        ["三体", "刘慈欣", "重庆出版社", "978-7-5366-9293-0", "文学", 2, "购置", "", "2025-03-01"],  # in the catalogue
        ["红楼梦", "曹雪芹", "人民文学出版社", "702000220X", "I", 1, "捐赠", "退休职工老张", "2025-03-02"],
        ["红楼梦", "曹雪芹", "人民文学出版社", "9787020002207", "I", 3, "上级配送", "", "2025-04-01"],
        ["职工安全读本", "", "", "", "X", 5, "上级工会配送", "", "2025-04-01"],
    ])
    batch = importing.stage_upload(importer, org=home["org"], user=home["officer"], path=good, filename="books.xlsx")
    assert (batch.new_count, batch.updated_count, batch.rejected_count) == (2, 2, 0)
    assert importing.commit_batch(importer, batch, user=home["officer"]).committed
    assert Book.objects.filter(org=home["org"]).count() == 3   # 平凡的世界(三体 ISBN), 红楼梦, 职工安全读本
    hlm = Book.objects.get(isbn="9787020002207")
    assert hlm.copies.count() == 4 and hlm.copies.filter(source=Source.UPPER).count() == 3
    assert home["book"].copies.count() == 4
    assert BookCopy.objects.filter(org=home["org"]).values("barcode").distinct().count() == 13


def test_export_imports_again(tmp_path, home, client):
    from django.urls import reverse

    client.force_login(home["officer"])
    session = client.session
    session["current_org"] = home["org"].pk
    session.save()
    response = client.get(reverse("workershome:book_list") + "?export=xlsx")
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    header = [str(c).replace("*", "").replace("（必填）", "") for c in rows[0] if c]
    assert "书名" in header[0] and "ISBN" in header
    assert any(r[0] == "平凡的世界" and 2 in r for r in rows[1:]), rows
    _, analysis = importing.validate_file(importing.get("books"), path, "export.xlsx", org=home["org"],
                                          user=home["officer"])
    assert not analysis.errors, [e.reason for e in analysis.errors]
