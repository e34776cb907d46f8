"""Error pages (400, 403, 404, 500, CSRF failure): Chinese, in the site's layout, with a way back.

Set in gonghui/urls.py (handler400…handler500) and settings.CSRF_FAILURE_VIEW. Paths under /api/ answer JSON
(`{"detail": …}`), never HTML, so a client of the API that asks for an endpoint that does not exist (or meets a
server error) reads the same shape as every other API error.

The 500 page is rendered without the request (no context processors, no session, no query: the database may be
what failed) from a template that extends nothing; if even that fails, a fixed page is sent.
"""
from __future__ import annotations

import logging

from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"

PAGES = {
    400: ("请求有误", "提交的内容无法处理，可能是链接不完整或参数有误。请返回上一页重试。"),
    403: ("没有权限", "您没有查看此页面或办理此项业务的权限。如确需办理，请联系本单位工会的系统管理员授权。"),
    404: ("页面不存在", "您要找的页面或记录不存在，可能已被删除，或不在您的管理范围内。请检查地址，或从首页重新进入。"),
    500: ("服务器出错", "服务器处理请求时出错，已记录此问题。请稍后再试；如果问题持续出现，请联系系统管理员。"),
}
CSRF_TITLE = "页面已过期"
CSRF_TEXT = "页面停留时间较长或已在其他窗口退出登录，本次提交未被接受。请刷新页面后重新提交。"
API_DETAIL = {
    400: "请求有误。",
    403: "您没有办理此项业务的权限。",
    404: "未找到该接口或记录。",
    500: "服务器内部错误，请稍后再试。",
}

FALLBACK_500 = (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>服务器出错 · 工会工作平台</title></head>'
    '<body><h1>服务器出错</h1><p>{}</p><p><a href="/">返回首页</a></p></body></html>'
).format(PAGES[500][1])


def _json(detail: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _back_url(request) -> str:
    """The previous page, when it is a page of this site (never a link to elsewhere)."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return referer
    return ""


def _page(request, status: int, title: str, text: str) -> HttpResponse:
    if is_api(request):
        return _json(API_DETAIL.get(status, title), status)
    context = {"status": status, "title": title, "text": text, "back_url": _back_url(request)}
    return HttpResponse(loader.render_to_string("errors/error.html", context, request), status=status)


def bad_request(request, exception=None):
    return _page(request, 400, *PAGES[400])


def permission_denied(request, exception=None):
    title, text = PAGES[403]
    message = str(exception) if exception is not None and str(exception) else ""
    # A view may say why in Chinese (PermissionDenied("…")); an English or empty reason is not shown.
    if message and any("\u4e00" <= ch <= "\u9fff" for ch in message):
        text = message
    return _page(request, 403, title, text)


def page_not_found(request, exception=None):
    return _page(request, 404, *PAGES[404])


def server_error(request):
    if is_api(request):
        return _json(API_DETAIL[500], 500)
    try:
        body = loader.get_template("errors/500.html").render({"title": PAGES[500][0], "text": PAGES[500][1]})
    except Exception:  # noqa: BLE001 - the error page itself must not fail
        logger.exception("the 500 page could not be rendered")
        body = FALLBACK_500
    return HttpResponse(body, status=500)


def csrf_failure(request, reason=""):
    if is_api(request):
        return _json("请求缺少有效的安全令牌（CSRF），请刷新后重试。", 403)
    return _page(request, 403, CSRF_TITLE, CSRF_TEXT)
