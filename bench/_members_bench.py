"""Shared set-up for the benchmark scripts: a throw-away data folder and a fresh database.

SQLite: a new file in a temporary folder. PostgreSQL (when DATABASE_URL is set and --db postgres is asked for):
a new database named gonghui_bench_<pid> on the same server, dropped afterwards; nothing else is touched.
"""
from __future__ import annotations

import os
import resource
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(db: str):
    """Point Django at a fresh database of the given kind; returns a clean-up function."""
    sys.path.insert(0, str(ROOT))
    tmp = tempfile.mkdtemp(prefix="gonghui-bench-")
    os.environ["GONGHUI_DATA_DIR"] = tmp
    os.environ["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    os.environ.setdefault("GONGHUI_LOG_LEVEL", "ERROR")
    os.environ["GONGHUI_DEBUG"] = "0"  # as in production: no query logging
    if db == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    elif not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("--db postgres needs DATABASE_URL=postgres://…")
    import django
    from django.conf import settings

    settings.DATABASES["default"].setdefault("TEST", {})
    settings.DATABASES["default"]["TEST"]["NAME"] = (
        f"{tmp}/bench.sqlite3" if db == "sqlite" else f"gonghui_bench_{os.getpid()}")
    django.setup()
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)

    def cleanup():
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(tmp, ignore_errors=True)

    return tmp, cleanup


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_org_and_user():
    from gonghui.accounts.models import RoleAssignment, User
    from gonghui.accounts.roles import Role
    from gonghui.orgs import services as org_services
    from gonghui.orgs.models import Organization

    fed = org_services.org_create(code="FED", name="基准测试区总工会", kind=Organization.Kind.FEDERATION)
    org = org_services.org_create(code="BENCH", name="基准测试公司工会", kind=Organization.Kind.GRASSROOTS, parent=fed)
    floor_org = org_services.org_create(code="FLOOR", name="对照组工会", kind=Organization.Kind.GRASSROOTS, parent=fed)
    user = User.objects.create_user(username="bench_officer", password="Bench-2025-pass!")
    RoleAssignment.objects.create(user=user, org=org, role=Role.OFFICER)
    return org, floor_org, user


SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
            "谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红娥玲芬燕彩春菊凤洁梅琳素云莲真环雪荣爱妹香月莺媛瑞凡"
         "佳嘉琼勤珍贞莉娣叶璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺"
         "咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可舒影荔思建国志文斌鹏辉俊峰亮成海波宇浩")
REGIONS = ("110105", "310104", "320102", "330106", "440305", "510107", "420106", "370102", "210102", "610113")
DEPARTMENTS = ("一车间", "二车间", "三车间", "质检部", "财务部", "销售部", "技术部", "行政部", "仓储物流部", "安全环保部")
POSTS = ("操作工", "班组长", "技术员", "工程师", "会计", "出纳", "销售代表", "质检员", "仓管员", "司机")


def roster_rows(count: int, *, seed: int = 7):
    """Realistic roster rows as dicts of import headers → values (valid ID numbers, Chinese names)."""
    import datetime
    import random

    from gonghui.core import idcard

    rnd = random.Random(seed)
    seen = set()
    educations = ("高中", "中专", "大专", "本科", "硕士研究生", "初中")
    politicals = ("群众", "中共党员", "共青团员", "群众", "群众")
    employments = ("合同制", "合同制", "劳务派遣", "农民工", "在编")
    rows = []
    while len(rows) < count:
        birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=rnd.randrange(0, 365 * 44))
        region = rnd.choice(REGIONS)
        sequence = rnd.randrange(1, 1000)
        number = idcard.make(region, birth, sequence)
        if number in seen:
            continue
        seen.add(number)
        name = rnd.choice(SURNAMES) + rnd.choice(GIVEN) + (rnd.choice(GIVEN) if rnd.random() < 0.7 else "")
        hired = birth + datetime.timedelta(days=365 * 20 + rnd.randrange(0, 3650))
        hired = min(hired, datetime.date(2025, 6, 30))
        row = {
            "姓名": name,
            "身份证号": number,
            "性别": "男" if sequence % 2 else "女",
            "出生日期": birth,
            "民族": "汉族" if rnd.random() < 0.92 else "回族",
            "手机": f"1{rnd.choice('3578')}{rnd.randrange(0, 10**9):09d}",
            "学历": rnd.choice(educations),
            "政治面貌": rnd.choice(politicals),
            "用工形式": rnd.choice(employments),
            "部门": rnd.choice(DEPARTMENTS),
            "岗位": rnd.choice(POSTS),
            "参加工作时间": hired - datetime.timedelta(days=rnd.randrange(0, 1500)),
            "入职日期": hired,
            "月基本工资": round(rnd.uniform(3000, 15000), 2),
        }
        if rnd.random() < 0.9:
            row["入会日期"] = hired + datetime.timedelta(days=rnd.randrange(30, 400))
            row["入会日期"] = min(row["入会日期"], datetime.date(2025, 7, 1))
        rows.append(row)
    return rows


HEADERS = ("姓名", "身份证号", "性别", "出生日期", "民族", "手机", "学历", "政治面貌", "用工形式", "部门", "岗位", "参加工作时间",
           "入职日期", "月基本工资", "入会日期")


def write_roster_xlsx(path, rows) -> None:
    """Write the roster as an officer's .xlsx would be: text ID numbers and phones, real date cells."""
    import datetime

    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("花名册")
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for col, header in enumerate(HEADERS):
        sheet.write_string(0, col, header)
    for r, row in enumerate(rows, start=1):
        for col, header in enumerate(HEADERS):
            value = row.get(header)
            if value is None:
                continue
            if isinstance(value, datetime.date):
                sheet.write_datetime(r, col, datetime.datetime(value.year, value.month, value.day), date_format)
            elif isinstance(value, float):
                sheet.write_number(r, col, value)
            else:
                sheet.write_string(r, col, value)
    book.close()
