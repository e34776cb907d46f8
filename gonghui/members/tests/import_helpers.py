"""Building roster files in tests (no binary fixtures are kept in the repository)."""
from __future__ import annotations

import csv
import datetime
import io
import itertools

from gonghui.core import idcard

HEADERS = ["姓名", "身份证号", "性别", "出生日期", "民族", "手机", "学历", "政治面貌", "用工形式", "部门", "岗位",
           "参加工作时间", "入职日期", "月基本工资", "入会日期", "会员编号", "劳模级别", "困难职工", "军烈属", "备注",
           "所在组织代码"]

_seq = itertools.count(101)


def new_id(birth=datetime.date(1990, 5, 17), female=False, region="110105") -> str:
    n = next(_seq) % 400 * 2 + 100 + (0 if female else 1)
    return idcard.make(region, birth, n)


def row(name="张三", id_number=None, **cells) -> dict:
    data = {"姓名": name, "身份证号": new_id() if id_number is None else id_number}
    data.update(cells)
    return data


def xlsx_bytes(rows: list[dict] | list[list], headers=None, *, title=None, raw_rows=False) -> bytes:
    import openpyxl

    headers = headers or HEADERS
    wb = openpyxl.Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    ws.append(headers)
    for r in rows:
        ws.append(r if raw_rows else [r.get(h) for h in headers])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xls_bytes(rows: list[dict], headers=None) -> bytes:
    import xlwt

    headers = headers or HEADERS
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("花名册")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for c, h in enumerate(headers):
        ws.write(0, c, h)
    for r, data in enumerate(rows, start=1):
        for c, h in enumerate(headers):
            value = data.get(h)
            if value is None:
                continue
            if isinstance(value, datetime.date):
                ws.write(r, c, value, date_style)
            else:
                ws.write(r, c, value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows: list[dict], headers=None, encoding="utf-8") -> bytes:
    headers = headers or HEADERS
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for data in rows:
        writer.writerow(["" if data.get(h) is None else data.get(h) for h in headers])
    return out.getvalue().encode(encoding)


def stage(tmp_path, org, user, data: bytes, name="花名册.xlsx", *, ip=None):
    """Upload a roster as an officer would (validated and kept as a batch)."""
    from gonghui.core.context import acting_as
    from gonghui.members import importing

    path = tmp_path / f"upload-{len(list(tmp_path.iterdir()))}{name[name.rfind('.'):] if '.' in name else ''}"
    path.write_bytes(data)
    with acting_as(user, source="web", ip=ip):
        return importing.stage_upload(org=org, user=user, path=str(path), filename=name)


def commit(batch, user, mode=None, *, ip=None):
    from gonghui.core.context import acting_as
    from gonghui.members import importing
    from gonghui.members.models import ImportBatch

    with acting_as(user, source="web", ip=ip):
        return importing.commit_batch(batch, user=user, mode=mode or ImportBatch.Mode.ALL)
