"""The book catalogue (图书目录导入), read by the core import engine (`core/importing/`, see docs/ENGINEERING.md).

One row is a title and how many copies of it came in (册数, default 1) from one source on one date. The ISBN is
checked (core.isbn) and stored as ISBN-13. The same ISBN twice — in the file, or already in the catalogue — adds
copies to one title; it never makes a second title. Each copy gets its barcode number (B000123) from the union's
counter. The export (图书目录 on the list page) writes this shape, one row per title, source, date and price, so it
imports again.
"""
from __future__ import annotations

from collections import OrderedDict

from gonghui.accounts.roles import Perm
from gonghui.core import importing, isbn as isbn_codes
from gonghui.core.importing import Column, parsers
from gonghui.core.importing.parsers import clean_text
from gonghui.orgs.models import Organization

from . import clc
from .models import Book, BookCopy, Source

SOURCE_LABELS = parsers.labels(Source.choices, {"采购": Source.PURCHASE, "购买": Source.PURCHASE,
                                                "自购": Source.PURCHASE, "赠送": Source.DONATION,
                                                "捐献": Source.DONATION, "配送": Source.UPPER,
                                                "上级工会配送": Source.UPPER, "上级赠送": Source.UPPER})


def isbn(raw) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = str(int(raw))
    text = clean_text(str(raw)) if raw is not None else ""
    if not text:
        return ""
    return isbn_codes.to_13(text)


def category(raw) -> str:
    return clc.parse(clean_text(str(raw)) if raw is not None else "")


def copies(raw) -> int:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    else:
        text = clean_text(str(raw)).removesuffix("册").removesuffix("本")
        if not text.isdigit():
            raise ValueError(f"册数“{clean_text(str(raw))}”应为整数")
        value = int(text)
    if not 1 <= value <= 500:
        raise ValueError("册数应在1至500之间")
    return value


def year(raw) -> int:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = clean_text(str(raw)).removesuffix("年")
    if not text.isdigit() or not 1900 <= int(text) <= 2100:
        raise ValueError(f"出版年“{text}”应为四位年份")
    return int(text)


@importing.register
class BookImporter(importing.Importer):
    key, title, noun, unit, sheet_name = "books", "图书目录导入", "图书", "种", "图书"
    perm = Perm.HOME_EDIT
    org_label = "导入到书屋（工会）"
    org_help = "职工书屋所属的工会"
    result_link = ("workershome:book_list", "图书目录")
    columns = (
        Column("title", "书名", parsers.text(200, "书名"), synonyms=("图书名称", "题名", "图书"), required=True, width=30),
        Column("author", "作者", parsers.text(100, "作者"), synonyms=("著者", "责任者")),
        Column("publisher", "出版社", parsers.text(100, "出版社"), synonyms=("出版者", "出版单位"), width=20),
        Column("isbn", "ISBN", isbn, synonyms=("书号", "ISBN号", "国际标准书号"), width=18,
               hint="10位或13位，校验最后一位；同一ISBN出现多次时册数相加"),
        Column("category", "中图法分类", category, synonyms=("分类", "分类号", "类别"),
               hint="基本大类字母（如 I）或类名（如 文学）", display={k: k for k, _ in clc.CLASSES}),
        Column("published_year", "出版年", year, synonyms=("出版年份", "出版时间"), kind="number"),
        Column("count", "册数", copies, synonyms=("数量", "复本数", "本数"), kind="number", hint="默认1册"),
        Column("source", "来源", parsers.choice(SOURCE_LABELS, "来源", "购置、捐赠、上级配送"),
               synonyms=("图书来源", "入藏方式"), required=True, choices=tuple(Source.labels),
               display=dict(Source.choices)),
        Column("donor", "捐赠人（单位）", parsers.text(100, "捐赠人"), synonyms=("捐赠人", "捐赠单位")),
        Column("acquired_on", "入藏日期", parsers.date, synonyms=("登记日期", "购置日期", "入库日期"), required=True,
               kind="date"),
        Column("price", "定价（元）", parsers.money, synonyms=("定价", "单价", "价格"), kind="money"),
    )
    preview_columns = (("title", "书名"), ("isbn", "ISBN"), ("count", "册数"), ("source", "来源"))
    row_checks = ()

    def validate(self, rows, checks, *, org, user) -> None:
        if org.kind not in Organization.UNION_KINDS:
            for row in rows:
                checks.add(row, "title", row.values.get("title", ""), "图书目录应导入到工会的职工书屋，不能导入到分会或小组")
            return
        first_title: dict[str, tuple[int, str]] = {}
        for row in rows:
            code = row.values.get("isbn") or ""
            if code:
                seen = first_title.setdefault(code, (row.number, row.values.get("title", "")))
                if seen[1] != row.values.get("title", "") and seen[0] != row.number:
                    checks.add(row, "isbn", code, f"与第{seen[0]}行ISBN相同但书名不同（“{seen[1]}”），请核对")
        existing = dict(Book.objects.filter(org=org, isbn__in=list(first_title)).values_list("isbn", "pk"))
        for row in rows:
            row.match_id = existing.get(row.values.get("isbn") or "")

    def summarise(self, analysis, rows) -> None:
        seen = set()
        for row in rows:
            if row.rejected:
                continue
            code = row.values.get("isbn") or ""
            known = getattr(row, "match_id", None) is not None or (code and code in seen)
            if known:
                analysis.updated_count += 1
            else:
                analysis.new_count += 1
            if code:
                seen.add(code)
            if len(analysis.preview) < importing.engine.PREVIEW_ROWS:
                analysis.preview.append({**self.preview_row(row), "action": "加册" if known else "新增"})

    def write(self, batch, rows, columns, user) -> dict:
        from .services.books import next_barcodes

        org = batch.org
        codes = [r.values.get("isbn") for r in rows if r.values.get("isbn")]
        books = {b.isbn: b for b in Book.objects.filter(org=org, isbn__in=codes)}
        created = joined = copies_made = 0
        for row in rows:
            v = row.values
            code = v.get("isbn") or ""
            book = books.get(code) if code else None
            if book is None:
                book = Book.objects.create(org=org, title=v["title"], author=v.get("author") or "",
                                           publisher=v.get("publisher") or "", isbn=code,
                                           category=v.get("category") or "", published_year=v.get("published_year"))
                if code:
                    books[code] = book
                created += 1
            else:
                joined += 1
            count = v.get("count") or 1
            for barcode in next_barcodes(org, count):
                BookCopy.objects.create(book=book, org=org, barcode=barcode, source=v["source"],
                                        donor=v.get("donor") or "", acquired_on=v["acquired_on"],
                                        price=v.get("price"))
            copies_made += count
        return {"created": created, "updated": joined, "unchanged": 0, "copies": copies_made}


def export_rows(copies_qs):
    """Rows in the import's shape from copies: one per (title, source, donor, date, price) with its count."""
    groups: OrderedDict = OrderedDict()
    for c in copies_qs.select_related("book").order_by("book__title", "book_id", "acquired_on", "barcode").iterator(
            chunk_size=1000):
        key = (c.book_id, c.source, c.donor, c.acquired_on, c.price)
        if key not in groups:
            b = c.book
            groups[key] = [b.title, b.author, b.publisher, b.isbn, b.category, b.published_year, 0, c.source,
                           c.donor, c.acquired_on, c.price]
        groups[key][6] += 1
    for row in groups.values():
        yield tuple(row)
