"""The history tab, the audit log and the 404 page as a person sees them (screenshots in tests/screenshots)."""
from playwright.sync_api import expect

from conftest import PASSWORD
from gonghui.core import audit
from gonghui.core.context import acting_as
from gonghui.core.models import AuditEntry
from gonghui.members import services
from gonghui.members.models import Person


def test_history_audit_and_404_read_as_words(page, login, shot, tree, make_user, make_person):
    from gonghui.accounts.roles import Role

    chair = make_user("chair_login", Role.CHAIR, tree["company"], display_name="邓主席")
    person = make_person(tree["company"], "王十五", member=False)
    with acting_as(chair, source="web"):
        services.person_update(person=person, version=person.version, education=Person.Education.MASTER)
        audit.record(AuditEntry.Action.CREATE, model=Person, org_path=tree["company"].path,
                     changes={f"field_{i}": [None, f"值{i}"] for i in range(30)})

    login("chair_login", PASSWORD)
    page.goto(f"/people/{person.pk}/?tab=history")
    table = page.locator("#history-table")
    expect(table).to_contain_text("邓主席")
    expect(table).to_contain_text("学历")
    expect(table).not_to_contain_text("chair_login")
    expect(table).to_contain_text("姓名：王十五")  # a creation lists its values, not "（空） → 王十五"
    expect(table).not_to_contain_text("（空） → 王十五")
    shot("history_tab")

    page.goto("/audit/")
    audit_table = page.locator("#audit-table")
    expect(audit_table).to_contain_text("展开其余26项")
    expect(audit_table.get_by_text("值29")).not_to_be_visible()  # folded
    time_cell = audit_table.locator("tbody tr td").first
    assert time_cell.evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
    # the folded rows keep the log short (the page itself grows with the menu's sections, one per work area)
    height = audit_table.evaluate("e => e.getBoundingClientRect().height")
    print("audit table height", height)
    assert height < 2400, height
    shot("audit_log")

    response = page.goto("/no-such-page/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("页面不存在")
    expect(page.get_by_role("link", name="返回首页")).to_be_visible()
    shot("page_404")
