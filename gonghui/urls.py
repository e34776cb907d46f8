from django.contrib import admin
from django.urls import include, path

# Django admin is for superusers only; officers work in the product's own pages.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser
admin.site.site_header = "工会工作平台 · 系统后台"

urlpatterns = [
    path("", include("gonghui.core.urls")),
    path("accounts/", include("gonghui.accounts.urls")),
    path("orgs/", include("gonghui.orgs.urls")),
    path("people/", include("gonghui.members.urls")),
    path("care/", include("gonghui.care.urls")),
    path("democracy/", include("gonghui.democracy.urls")),
    path("funds/", include("gonghui.funds.urls")),
    path("achievements/", include("gonghui.achievements.urls")),
    path("home/", include("gonghui.workershome.urls")),
    path("activities/", include("gonghui.activities.urls")),
    path("rights/", include("gonghui.rights.urls")),
    path("import/", include("gonghui.core.importing.urls")),
    path("reports/", include("gonghui.reports.urls")),
    path("portal/", include("gonghui.portal.urls")),
    path("api/", include("gonghui.api_urls")),
    path("admin/", admin.site.urls),
]

# Error pages: Chinese, in the site's layout; JSON under /api/ (core/views_errors.py).
handler400 = "gonghui.core.views_errors.bad_request"
handler403 = "gonghui.core.views_errors.permission_denied"
handler404 = "gonghui.core.views_errors.page_not_found"
handler500 = "gonghui.core.views_errors.server_error"
