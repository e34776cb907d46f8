"""劳动保护监督 on a phone: a member reports a hazard with a photo at 390×844 (one report for a double click), the
union forwards it to 安全环保部, the department's contact records the fix, the member sees 已整改."""
from playwright.sync_api import expect

from conftest import PASSWORD


def _png(path):
    from PIL import Image

    Image.new("RGB", (320, 240), (220, 120, 20)).save(path, format="PNG")


def test_member_reports_a_hazard_and_follows_it_to_fixed(page, login, shot, tree, make_user, make_person, settings,
                                                          tmp_path):
    from gonghui.accounts.roles import Role
    from gonghui.democracy.services.proposals import department_save
    from gonghui.rights.models import Hazard

    settings.MEDIA_ROOT = tmp_path
    make_user("member_li", Role.MEMBER, tree["company"], person=make_person(tree["company"], "李安全"))
    make_user("officer_a", Role.OFFICER, tree["company"])
    contact = make_user("safety_a", Role.DEPARTMENT, tree["company"])
    department_save(actor=None, org=tree["company"], name="安全环保部", contacts=[contact])
    photo = tmp_path / "隐患.png"
    _png(photo)

    page.set_viewport_size({"width": 390, "height": 844})
    login("member_li", PASSWORD)
    page.goto("/portal/services/")
    page.click("text=报告隐患")
    page.select_option("#id_kind", "fire")
    page.fill("#id_location", "成品仓库东门")
    page.fill("#id_description", "消防通道堆放纸箱，灭火器被遮挡")
    page.set_input_files("#id_photo", str(photo))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot("rights_hazard_report_390")
    page.dblclick("#action-form button[type=submit]")
    expect(page.locator("#my-hazard-state")).to_have_text("已上报")
    assert Hazard.objects.count() == 1
    shot("rights_hazard_reported_390")
    h = Hazard.objects.get()
    assert h.photos.count() == 1
    page.click("text=退出") if page.locator("text=退出").count() else page.goto("/accounts/logout/")

    page.set_viewport_size({"width": 1366, "height": 768})
    page.context.clear_cookies()
    login("officer_a", PASSWORD)
    page.goto(f"/rights/hazards/{h.pk}/")
    page.click("#forward-link")
    page.select_option("#id_department", label="安全环保部")
    page.fill("#id_note", "请三日内清理")
    page.click("#action-form button[type=submit]")
    expect(page.locator("#hazard-state")).to_have_text("已转办")
    shot("rights_hazard_forwarded")

    page.context.clear_cookies()
    login("safety_a", PASSWORD)
    page.goto("/rights/department/hazards/")
    page.click(f"a[href='/rights/department/hazards/{h.pk}/']")
    page.click("#fix-link")
    page.fill("#id_note", "已清理通道，灭火器移至显眼位置")
    page.click("#action-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    h.refresh_from_db()
    assert h.state == "fixed"

    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    login("member_li", PASSWORD)
    page.goto("/portal/")
    expect(page.locator("#card-hazards")).to_contain_text("已整改1条")
    page.goto(f"/rights/my/hazards/{h.pk}/")
    expect(page.locator("#my-hazard-state")).to_have_text("已整改")
    expect(page.locator(".hazard-steps")).to_contain_text("已清理通道")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot("rights_hazard_fixed_390")
