"""The demo's workers' home (职工之家): the company's and the school's reading rooms (a few hundred books bought,
donated and delivered by the upper union, with their copies), loans over the window (some late, a few still out
and overdue), equipment loans by kind, rooms with bookings, and the member login's own loans, reservation and
booking; the asset register with last year's stock-take (differences written off) and last year's
模范职工之家 title through the flow (evidence photos and a document, 验收 in December, recorded as an honour), and the
电子书屋's links — so that the 2025 summary has its 职工之家建设 part with every figure computed from these records.

`build_workershome(builder)` runs after the care work; seeded (the builder's random generator), quick: the
catalogue goes through the services (ISBN check, barcodes), the history of loans and bookings — all in the past,
where the services (rightly) refuse new bookings — is written with bulk_create in date order, one open loan per
copy at a time, no booking overlapping another of its room.
"""
from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from gonghui.core import isbn
from gonghui.core.context import acting_as
from gonghui.members.models import Person
from gonghui.workershome.models import (Book, BookCopy, Booking, EquipmentLoan, Loan, Reservation, Room,
                                        Source)
from gonghui.workershome.services import books as book_services
from gonghui.workershome.services import equipment as equipment_services
from gonghui.workershome.services import rooms as room_services

from .builder import COMPANY, SCHOOL

#: (title, author, publisher, 中图法 class) — real books a union reading room holds
TITLES = [
    ("平凡的世界", "路遥", "北京十月文艺出版社", "I"), ("活着", "余华", "作家出版社", "I"),
    ("三体", "刘慈欣", "重庆出版社", "I"), ("围城", "钱锺书", "人民文学出版社", "I"),
    ("红楼梦", "曹雪芹", "人民文学出版社", "I"), ("骆驼祥子", "老舍", "人民文学出版社", "I"),
    ("白鹿原", "陈忠实", "人民文学出版社", "I"), ("人世间", "梁晓声", "中国青年出版社", "I"),
    ("长安的荔枝", "马伯庸", "湖南文艺出版社", "I"), ("额尔古纳河右岸", "迟子建", "人民文学出版社", "I"),
    ("繁花", "金宇澄", "上海文艺出版社", "I"), ("尘埃落定", "阿来", "人民文学出版社", "I"),
    ("呐喊", "鲁迅", "人民文学出版社", "I"), ("边城", "沈从文", "北岳文艺出版社", "I"),
    ("茶馆", "老舍", "人民文学出版社", "I"), ("许三观卖血记", "余华", "作家出版社", "I"),
    ("中华人民共和国工会法释义", "全国人大常委会法工委", "中国民主法制出版社", "D"),
    ("中华人民共和国劳动合同法释义", "全国人大常委会法工委", "法律出版社", "D"),
    ("职工劳动权益保护手册", "", "中国工人出版社", "D"), ("工会工作实务", "", "中国工人出版社", "D"),
    ("安全生产法律法规读本", "", "应急管理出版社", "X"), ("班组安全管理", "", "应急管理出版社", "X"),
    ("职业病防治知识读本", "", "人民卫生出版社", "R"), ("家庭急救常识", "", "人民卫生出版社", "R"),
    ("颈椎病自我保健", "", "人民卫生出版社", "R"), ("中国居民膳食指南", "中国营养学会", "人民卫生出版社", "R"),
    ("电工基础", "", "机械工业出版社", "T"), ("数控机床操作与编程", "", "机械工业出版社", "T"),
    ("焊接工艺与技能训练", "", "机械工业出版社", "T"), ("PLC编程入门", "", "化学工业出版社", "T"),
    ("质量管理小组活动指南", "", "中国标准出版社", "F"), ("精益生产", "", "机械工业出版社", "F"),
    ("万历十五年", "黄仁宇", "中华书局", "K"), ("明朝那些事儿", "当年明月", "北京联合出版公司", "K"),
    ("乡土中国", "费孝通", "人民出版社", "C"), ("苏东坡传", "林语堂", "湖南文艺出版社", "K"),
    ("唐诗三百首", "蘅塘退士", "中华书局", "I"), ("宋词三百首", "上彊村民", "中华书局", "I"),
    ("围棋入门", "", "青岛出版社", "G"), ("象棋实战技巧", "", "成都时代出版社", "G"),
    ("摄影构图基础", "", "人民邮电出版社", "J"), ("书法入门", "", "上海书画出版社", "J"),
    ("亲子沟通的艺术", "", "中信出版社", "B"), ("小学数学思维训练", "", "华东师范大学出版社", "G"),
    ("中国大百科全书（简明版）", "", "中国大百科全书出版社", "Z"), ("现代汉语词典", "", "商务印书馆", "H"),
    ("时间简史", "霍金", "湖南科学技术出版社", "P"), ("昆虫记", "法布尔", "人民文学出版社", "Q"),
    ("寂静的春天", "蕾切尔·卡森", "上海译文出版社", "X"), ("家庭理财一本通", "", "中国经济出版社", "F"),
]
KINDS = (("badminton", "羽毛球拍", 20), ("chess", "象棋", 12), ("go", "围棋", 6), ("tabletennis", "乒乓球拍", 12),
         ("basketball", "篮球", 6), ("cards", "扑克", 10))
ROOMS = (("职工活动室", Room.Kind.ACTIVITY, "1234567", datetime.time(8, 30), datetime.time(21), 40),
         ("工会会议室", Room.Kind.MEETING, "12345", datetime.time(9), datetime.time(17, 30), 20),
         ("职工健身房", Room.Kind.GYM, "1234567", datetime.time(6, 30), datetime.time(21, 30), 15),
         ("爱心妈咪小屋", Room.Kind.NURSING, "12345", datetime.time(8, 30), datetime.time(17, 30), 2))
PURPOSES = ("羽毛球协会活动", "工会委员会会议", "读书分享会", "班组学习", "乒乓球训练", "书法兴趣小组", "瑜伽课",
            "职工技能培训", "合唱排练", "棋类比赛")


@dataclass
class HomeSummary:
    books: int = 0
    copies: int = 0
    loans: int = 0
    equipment_loans: int = 0
    bookings: int = 0
    by_union: dict = field(default_factory=dict)


def _isbn(rng: random.Random) -> str:
    body = "9787" + "".join(str(rng.randrange(10)) for _ in range(8))
    return body + isbn.check_13(body)


def _tz(day: datetime.date, t: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, t, tzinfo=timezone.get_current_timezone())


def build_workershome(builder) -> HomeSummary:
    summary = HomeSummary()
    plans = ((COMPANY, "company_officer", 1.0), (SCHOOL, "school_officer", 0.45))
    for key, login, size in plans:
        union = builder.orgs[key]
        user = builder.users.get(login) or builder.users["admin"]
        with acting_as(user, source="command"):
            _home(builder, union, size, summary)
    with acting_as(builder.users.get("company_officer") or builder.users["admin"], source="command"):
        _assets_and_title(builder, builder.orgs[COMPANY])
        _ereading(builder.orgs[COMPANY])
    member = builder.users.get("member")
    if member is not None and member.person_id:
        with acting_as(member, source="command"):
            _member_side(builder, member, summary)
    return summary


def _home(b, union, size: float, summary: HomeSummary) -> None:
    rng = random.Random(f"workershome:{union.code}")
    today, start = b.today, b.start
    readers = list(Person.objects.filter(org__path__startswith=union.path, member_status=Person.MemberStatus.ACTIVE)
                   .values_list("pk", flat=True)[:400])
    # The catalogue: bought when the reading room opened (March of the first year), donations over the window, a
    # delivery from the upper union in May of last year.
    opened = datetime.date(start.year, 3, 15)
    delivery = datetime.date(start.year + 1, 5, 20)
    titles = TITLES[: max(12, int(len(TITLES) * size))]
    copies: list[BookCopy] = []
    for title, author, publisher, category in titles:
        book = book_services.book_create(actor=None, org=union, title=title, author=author, publisher=publisher,
                                         isbn=_isbn(rng), category=category)
        summary.books += 1
        batches = [(Source.PURCHASE, opened, "", rng.choice((1, 2, 2, 3)))]
        if rng.random() < 0.6:
            day = start + datetime.timedelta(days=rng.randrange((today - start).days - 30))
            batches.append((Source.DONATION, day, rng.choice(("职工个人", "退休职工", "公司党委", "团委")),
                            rng.choice((1, 1, 2, 3))))
        if rng.random() < 0.35:
            batches.append((Source.UPPER, delivery, "", rng.choice((1, 2))))
        for source, day, donor, count in batches:
            copies += book_services.copies_add(actor=None, book=book, count=count, source=source, acquired_on=day,
                                               donor=donor)
    summary.copies += len(copies)
    # Loans, week by week: a few a week, more in winter and around 世界读书日 (23 April); most back within a month,
    # some late, a few still out and overdue today.
    free_from = {c.pk: c.acquired_on for c in copies}
    loans: list[Loan] = []
    day = opened + datetime.timedelta(days=7)
    per_week = max(1, round(3 * size))
    while day <= today - datetime.timedelta(days=1):
        busy = per_week + (2 if day.month in (1, 2, 4, 12) else 0)
        for _ in range(rng.randint(max(0, busy - 2), busy + 1)):
            lent = day + datetime.timedelta(days=rng.randrange(7))
            if lent >= today:
                continue
            free = [c for c in copies if free_from[c.pk] <= lent]
            if not free or not readers:
                continue
            copy = rng.choice(free)
            keep = rng.choice((7, 10, 14, 18, 21, 25, 28, 30, 35, 45))
            back = lent + datetime.timedelta(days=keep)
            returned = back if back < today and rng.random() > 0.01 else None
            if returned is None and (today - lent).days < 20:
                returned = None
            loans.append(Loan(org=union, copy=copy, person_id=rng.choice(readers), lent_on=lent,
                              due_on=lent + datetime.timedelta(days=book_services.LOAN_DAYS), returned_on=returned))
            free_from[copy.pk] = (returned + datetime.timedelta(days=1)) if returned else datetime.date.max
        day += datetime.timedelta(days=7)
    Loan.objects.bulk_create(loans)
    out = [l.copy.pk for l in loans if l.returned_on is None]
    BookCopy.objects.filter(pk__in=out).update(state=BookCopy.State.OUT)
    summary.loans += len(loans)
    # Equipment: the kinds a union lends, lent for a week at a time.
    items = [equipment_services.equipment_create(actor=None, org=union, kind=kind, name=name,
                                                 quantity=max(2, int(qty * (size if size < 1 else 1))))
             for kind, name, qty in KINDS]
    eq_loans = []
    day = opened
    while day < today - datetime.timedelta(days=8):
        for _ in range(rng.randint(0, max(1, round(2 * size)))):
            item = rng.choice(items)
            lent = day + datetime.timedelta(days=rng.randrange(7))
            if lent >= today - datetime.timedelta(days=7):
                continue
            qty = min(item.quantity, rng.choice((1, 1, 2, 2, 4)) if item.kind in ("badminton", "tabletennis") else 1)
            eq_loans.append(EquipmentLoan(org=union, equipment=item, kind=item.kind, person_id=rng.choice(readers),
                                          quantity=qty, lent_on=lent, due_on=lent + datetime.timedelta(days=7),
                                          returned_on=lent + datetime.timedelta(days=rng.choice((1, 2, 3, 7)))))
        day += datetime.timedelta(days=7)
    EquipmentLoan.objects.bulk_create(eq_loans)
    summary.equipment_loans += len(eq_loans)
    # Rooms and their bookings (past ones written directly, never two in one room at one time).
    rooms = [room_services.room_create(actor=None, org=union, name=name, kind=kind, weekdays=days, opens_at=opens,
                                       closes_at=closes, capacity=cap, max_hours=4)
             for name, kind, days, opens, closes, cap in ROOMS[: 4 if size >= 1 else 2]]
    bookings = []
    day = opened
    while day < today:
        for room in rooms:
            if str(day.isoweekday()) not in room.weekdays or rng.random() > 0.35 * size + 0.1:
                continue
            hour = rng.randrange(max(room.opens_at.hour + 1, 9), min(room.closes_at.hour - 1, 20))
            length = rng.choice((1, 1, 2, 2, 3))
            starts = _tz(day, datetime.time(hour))
            ends = starts + datetime.timedelta(hours=length)
            if ends.time() > room.closes_at:
                continue
            bookings.append(Booking(org=union, room=room, person_id=rng.choice(readers) if rng.random() < 0.6 else None,
                                    starts_at=starts, ends_at=ends, hours=Decimal(length), purpose=rng.choice(PURPOSES),
                                    attendees=rng.randint(2, room.capacity or 10),
                                    status=Booking.Status.CANCELLED if rng.random() < 0.05 else Booking.Status.ACTIVE))
        day += datetime.timedelta(days=1)
    Booking.objects.bulk_create(bookings)
    summary.bookings += len(bookings)
    summary.by_union[union.code] = (len(copies), len(loans))


def _member_side(b, member, summary: HomeSummary) -> None:
    """The member login: a book out (due soon), a reservation, and a room booked for next week."""
    person = member.person
    union_books = Book.objects.filter(org__path__in=[p for p in [b.orgs[COMPANY].path]])
    copy = BookCopy.objects.filter(book__in=union_books, state=BookCopy.State.SHELF).order_by("barcode").first()
    if copy is not None and person.is_member and person.org.path.startswith(b.orgs[COMPANY].path):
        book_services.lend(actor=None, org=b.orgs[COMPANY], copy=copy, person=person,
                           lent_on=b.today - datetime.timedelta(days=26))
    taken = BookCopy.objects.filter(book__in=union_books, state=BookCopy.State.OUT).exclude(
        loans__person=person).values("book").first()
    if taken is not None:
        Reservation.objects.create(org=b.orgs[COMPANY], book_id=taken["book"], person=person)
    room = Room.objects.filter(org=b.orgs[COMPANY], kind=Room.Kind.ACTIVITY).first()
    if room is not None:
        day = b.today + datetime.timedelta(days=7)
        clash = Booking.objects.filter(room=room, starts_at__date=day, status=Booking.Status.ACTIVE).exists()
        if not clash:
            room_services.booking_create(actor=member, room=room, starts_at=_tz(day, datetime.time(19)),
                                         ends_at=_tz(day, datetime.time(20, 30)), purpose="羽毛球协会活动")


ASSETS = (("液晶电视", "appliance", 2, "台", "3200"), ("乒乓球桌", "sports", 3, "张", "1500"),
          ("跑步机", "fitness", 4, "台", "4800"), ("书柜", "furniture", 12, "个", "800"),
          ("音响设备", "entertainment", 1, "套", "6500"), ("沙发", "furniture", 6, "张", "1200"))


def _assets_and_title(b, union) -> None:
    """The home's register, last year's stock-take (a table missing, a TV damaged, written off on approval) and
    last year's 模范职工之家 title awarded by the federation."""
    from gonghui.workershome.services import accreditation, assets

    year = b.today.year - 1
    made = [assets.asset_create(actor=None, org=union, name=name, kind=kind, quantity=qty, unit=unit,
                                unit_value=value, source=Source.PURCHASE, place="职工之家",
                                acquired_on=datetime.date(b.start.year, 3, 10))
            for name, kind, qty, unit, value in ASSETS]
    take = assets.stocktake_open(actor=None, org=union, year=year)
    for line in take.lines.select_related("asset"):
        found = line.expected - (1 if line.asset.name == "乒乓球桌" else 0)
        damaged = 1 if line.asset.name == "液晶电视" else 0
        assets.line_record(actor=None, line=line, found=found, damaged=damaged,
                           note="盘点时未找到" if found < line.expected else ("屏幕损坏" if damaged else ""))
    assets.stocktake_submit(actor=None, stocktake=take)
    assets.stocktake_approve(actor=None, stocktake=take)
    acc = accreditation.accreditation_create(actor=None, org=union, level="model", year=year)
    items = list(acc.items.all())
    _evidence(accreditation, items[:3])
    for item in items:
        accreditation.item_score(actor=None, item=item, score=item.points - (2 if item.code == "funds" else 0),
                                 evidence="照片、制度文件、活动记录见建家档案")
    accreditation.accreditation_apply(actor=None, accreditation=acc, applied_on=datetime.date(year, 11, 20))
    # 验收 in December: the title (recorded as the union's honour too) is in last year's summary
    accreditation.accreditation_inspect(actor=None, accreditation=acc, score=96, passed=True,
                                        note="阵地建设规范，职工书屋借阅活跃",
                                        inspected_on=datetime.date(year, 12, 15))
    assert made


def _evidence(accreditation, items) -> None:
    """A photo (drawn here: a reading room's shelves) and a short PDF as 建家佐证材料 of the first items."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    for n, item in enumerate(items):
        img = Image.new("RGB", (800, 500), (245, 240, 228))
        draw = ImageDraw.Draw(img)
        for shelf in range(4):
            y = 60 + shelf * 110
            draw.rectangle([60, y + 80, 740, y + 92], fill=(120, 80, 40))
            for k in range(22):
                colour = ((183, 28, 28), (30, 60, 160), (40, 120, 60), (200, 150, 30))[(k + shelf + n) % 4]
                draw.rectangle([70 + k * 30, y + 10 + (k * 7 + n) % 20, 92 + k * 30, y + 80], fill=colour)
        out = io.BytesIO()
        img.save(out, "JPEG", quality=80)
        accreditation.evidence_add(actor=None, item=item, file=SimpleUploadedFile(
            f"职工之家现场照片{n + 1}.jpg", out.getvalue(), content_type="image/jpeg"))
    pdf = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
           b"trailer<</Root 1 0 R>>\n%%EOF\n")
    accreditation.evidence_add(actor=None, item=items[0], file=SimpleUploadedFile(
        "建家工作制度汇编.pdf", pdf, content_type="application/pdf"))


#: 电子书屋 of the company's union: real public e-reading services a union lists for its members
EREADING = (("学习强国", "https://www.xuexi.cn/", "理论学习、电子书和有声读物"),
            ("国家图书馆数字资源", "https://www.nlc.cn/", "注册读者卡后可在线阅读馆藏电子图书"),
            ("中国职工书屋", "https://www.workercn.cn/", "中华全国总工会职工书屋资讯与荐书"))


def _ereading(union) -> None:
    from gonghui.workershome.services import ereading

    for title, url, description in EREADING:
        ereading.link_create(actor=None, org=union, title=title, url=url, description=description)
