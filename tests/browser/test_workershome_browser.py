"""职工之家 in the browser (the issue's "done when" walk): a member on a phone (390×844) finds a book, reserves it
and books a room; the officer lends the book by its ISBN at the circulation desk and takes it back; the 借书率 on
the dashboard moves from 0% to 50% and the loans figure lists its loan."""
import datetime

from playwright.sync_api import expect

from conftest import PASSWORD


def _next_weekday(weekday: int) -> datetime.date:
    day = datetime.date.today() + datetime.timedelta(days=2)
    while day.isoweekday() != weekday:
        day += datetime.timedelta(days=1)
    return day


def test_member_reserves_and_books_officer_lends_by_isbn(page, login, shot, tree, make_user, make_person):
    from gonghui.accounts.roles import Role
    from gonghui.workershome.models import Booking, Loan, Reservation, Room, Source
    from gonghui.workershome.services import books, rooms

    company = tree["company"]
    make_user("librarian", Role.OFFICER, company)
    reader = make_person(tree["branch"], "王芳", birth=datetime.date(1988, 5, 2))
    make_user("member_wang", Role.MEMBER, company, person=reader)
    book = books.book_create(actor=None, org=company, title="平凡的世界", author="路遥", isbn="9787536692930",
                             category="I")
    books.copies_add(actor=None, book=book, count=2, source=Source.PURCHASE)
    rooms.room_create(actor=None, org=company, name="职工活动室", kind=Room.Kind.ACTIVITY, weekdays="1234567",
                      opens_at=datetime.time(8, 30), closes_at=datetime.time(21))

    # The member on a phone: 服务 → 图书查询 → 预约; 服务 → 场地预约 → a slot.
    page.set_viewport_size({"width": 390, "height": 844})
    login("member_wang", PASSWORD)
    page.goto("/portal/services/")
    page.click("text=图书查询")
    page.fill("#book-search input[name=q]", "路遥")
    page.click("#book-search button")
    expect(page.locator("#my-books")).to_contain_text("在架2册")
    page.click("#my-books >> text=预约")
    expect(page.locator("body")).to_contain_text("已预约《平凡的世界》")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot("workershome_my_books_390")
    page.goto("/portal/services/")
    page.click("text=场地预约")
    page.click("#my-room-list >> text=职工活动室")
    day = _next_weekday(3)
    page.fill("#id_day", day.isoformat())
    page.fill("#id_starts", "22:00")
    page.fill("#id_ends", "23:00")
    page.fill("#id_purpose", "读书会")
    page.click("#my-booking-form button[type=submit]")
    expect(page.locator(".form-errors")).to_contain_text("超出开放时间")
    page.fill("#id_starts", "19:00")
    page.fill("#id_ends", "20:00")
    page.click("#my-booking-form button[type=submit]")
    expect(page.locator("#my-bookings")).to_contain_text("读书会")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot("workershome_my_rooms_390")
    assert Reservation.objects.filter(status="waiting").count() == 1 and Booking.objects.count() == 1
    page.context.clear_cookies()

    # The officer: the dashboard's 借书率 before, then lend by ISBN and take back, then the dashboard again.
    page.set_viewport_size({"width": 1400, "height": 900})
    login("librarian", PASSWORD)
    year = datetime.date.today().year
    page.goto(f"/reports/?org={company.pk}&period={year}")
    rate = page.locator('.figure-card[data-code="workershome.books.rate"]')
    expect(rate).to_contain_text("0.0%")
    page.goto("/home/circulation/")
    page.fill("#lend-form #id_code", "978-7-5366-9293-0")
    page.fill("#lend-form #id_person", "王芳")
    page.click("#lend-form button[type=submit]")
    expect(page.locator("body")).to_contain_text("已借出：《平凡的世界》（条码B000001）给王芳")
    assert Reservation.objects.get().status == "lent"
    shot("workershome_circulation")
    page.fill("#return-form #id_code", "9787536692930")
    page.click("#return-form button[type=submit]")
    expect(page.locator("body")).to_contain_text("已归还：《平凡的世界》（条码B000001）")
    page.fill("#return-form #id_code", "B000001")
    page.click("#return-form button[type=submit]")
    expect(page.locator("#return-form")).to_contain_text("不能重复归还")
    assert Loan.objects.get().returned_on is not None
    page.goto(f"/reports/?org={company.pk}&period={year}")
    expect(rate).to_contain_text("50.0%")
    shot("workershome_dashboard")
    loans = page.locator('.figure-card[data-code="workershome.books.loans"]')
    expect(loans).to_contain_text("1人次")
    loans.click()
    expect(page.locator("#figure-records tbody tr")).to_have_count(1)
    shot("workershome_figure_loans")


def test_member_opens_the_ereading_links_on_a_phone(page, login, shot, tree, make_user, make_person):
    """电子书屋 on a phone: 服务 → 电子书屋 lists the union's links (a long address does not widen the page); another
    union's link is not there."""
    from gonghui.accounts.roles import Role
    from gonghui.workershome.services import ereading

    company = tree["company"]
    reader = make_person(tree["branch"], "李强", birth=datetime.date(1990, 3, 4))
    make_user("member_li", Role.MEMBER, company, person=reader)
    ereading.link_create(actor=None, org=company, title="职工电子书屋", description="海量电子图书，手机即可阅读",
                         url="https://read.example.cn/" + "very-long-path-segment/" * 6)
    ereading.link_create(actor=None, org=tree["school"], title="乙校图书馆", url="https://lib.example.edu.cn/")
    page.set_viewport_size({"width": 390, "height": 844})
    login("member_li", PASSWORD)
    page.goto("/portal/services/")
    page.click("text=电子书屋")
    expect(page.locator("#my-ereading")).to_contain_text("职工电子书屋")
    expect(page.locator("#my-ereading")).to_contain_text("海量电子图书")
    expect(page.locator("#my-ereading")).not_to_contain_text("乙校图书馆")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot("workershome_my_ereading_390")
