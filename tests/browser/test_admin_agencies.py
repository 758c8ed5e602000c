"""An administrator keeps the agencies in the browser: adds a team under the
department, and is told beside the field when a parent would make a cycle."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_admin_adds_an_agency_and_a_cycle_is_refused(login, live_server, shot, accessible):
    admin = login("admin")
    admin.goto(f"{live_server}/admin")
    admin.click("nav.tabs a:has-text('機關')")
    row = admin.locator("tr[data-agency=PWB]").inner_text()
    assert "工務局" in row and "高雄市政府" in row
    accessible(admin)

    admin.click("a:has-text('新增機關')")
    admin.fill("#code", "TYB")
    admin.fill("#name_zh", "颱風應變小組")
    admin.fill("#name_en", "Typhoon Response Team")
    admin.select_option("#kind", "office")
    admin.select_option("#parent_code", label="行政暨國際處")
    accessible(admin)
    admin.click("button:has-text('新增此機關')")
    assert "已新增機關 颱風應變小組" in admin.locator(".flash.success").inner_text()
    assert "行政暨國際處" in admin.locator("tr[data-agency=TYB]").inner_text()
    shot(admin, "admin-agencies")

    admin.click("tr[data-agency=DOA] a")
    admin.select_option("#parent_code", label="颱風應變小組")
    admin.click("button:has-text('儲存')")
    assert "機關不能是自己的上級" in admin.locator(".field-error").inner_text()
    shot(admin, "admin-agency-cycle")
    accessible(admin)


def test_admin_says_in_which_district_an_agency_sits(login, live_server, shot, accessible):
    """A typhoon closure of a district closes the agencies sitting there: the
    form offers the districts by name; the list shows where each agency sits."""
    admin = login("admin")
    admin.goto(f"{live_server}/admin/agencies")
    assert "苓雅區" in admin.locator("tr[data-agency=PWB]").inner_text()
    admin.click("tr[data-agency=PWB] a")
    assert admin.locator("#district option:checked").inner_text() == "苓雅區"
    assert "颱風停止上班" in admin.locator("#district-hint").inner_text()
    admin.select_option("#district", label="鳳山區")
    shot(admin, "admin-agency-district")
    accessible(admin)
    admin.click("button:has-text('儲存')")
    assert "已儲存機關 工務局" in admin.locator(".flash.success").inner_text()
    assert "鳳山區" in admin.locator("tr[data-agency=PWB]").inner_text()
    accessible(admin)
