"""The workers' home (职工之家): the reading room (职工书屋: catalogue, copies, loans, reservations), rooms and their
bookings (场地预约), equipment loans (器材借用); later the asset register (资产、盘点) and accreditation (建家).

The app is a package of rooms (the shape of gonghui/democracy and gonghui/funds), one module per part:
- models/       books.py (Book, BookCopy, Loan, Reservation), rooms.py (Room, Booking), equipment.py (Equipment,
                EquipmentLoan) — models/__init__.py imports them all
- services/     every write; keyword-only, first argument `actor` (the acting user; None = the system)
- selectors/    every read, scoped to the user (404 outside scope); a member reads their own union's room only
- views/, urls/ pages (urls/__init__.py includes each part's patterns in the `workershome` namespace)
- api/          viewsets; api.register(router) is called by gonghui/api_urls.py
- metrics/      each part's figures; metrics_registry.py registers them as area "workershome"
- texts/        each part's wording of the 职工之家建设 section; report_texts.py joins them
- portal/       member entries (图书查询, 我的借阅, 场地预约), to-dos and reminders (portal plug points)
- importing.py  the book catalogue the import engine reads (the same ISBN twice adds copies)
- clc.py        中图法 (《中国图书馆分类法》) top-level classes as data

Permissions (accounts.roles.Perm): HOME_VIEW (the home's records in scope), HOME_EDIT (lend, take back, catalogue,
rooms), HOME_STATS (the figures of a subtree without the records). Members (会员) search, reserve, book and see their
own loans through the member pages, with no permission: their own union is found from their person.
"""
