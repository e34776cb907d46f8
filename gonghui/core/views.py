"""Generic views that every work area declares its pages with (NetBox's shape).

A list page is `ObjectListView` with a selector, a filterset and a table; detail, edit and delete likewise.
Scoping lives in the selectors; these views never query a model directly.
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.views.generic import TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from gonghui.accounts.scope import has_perm

from .errors import ServiceError


class PermRequiredMixin(LoginRequiredMixin):
    """The user needs `perm` somewhere in the tree; which objects they see is the selector's business."""

    perm: str | None = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.perm and not has_perm(request.user, self.perm):
            raise Http404("未找到该页面")
        return super().dispatch(request, *args, **kwargs)


class ObjectListView(PermRequiredMixin, SingleTableMixin, FilterView):
    """A filtered, sorted, paginated table with bulk selection and export."""

    template_name = "core/object_list.html"
    # The table paginates (table_pagination); a paginate_by here would make ListView paginate the same queryset
    # a second time, and run its COUNT(*) twice.
    paginate_by = None
    title = ""
    add_url_name: str | None = None
    add_perm: str | None = None
    export_formats: tuple[str, ...] = ()
    bulk_actions: tuple[tuple[str, str], ...] = ()  # (action name, label)
    table_pagination = {"per_page": 50}

    def get_queryset(self) -> QuerySet:
        return self.selector(self.request)

    def selector(self, request) -> QuerySet:  # pragma: no cover - every list declares its own
        raise NotImplementedError

    def get_table_kwargs(self):
        return {"request": self.request}

    def get_filterset(self, filterset_class):
        """Every filter form looks alike: small Bootstrap controls ("全部" for an unset choice comes from
        settings.FILTERS_EMPTY_CHOICE_LABEL)."""
        from django import forms

        filterset = super().get_filterset(filterset_class)
        for field in filterset.form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")
        return filterset

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export")
        if export and export in self.export_formats:
            self.object_list = None
            filterset = self.get_filterset(self.get_filterset_class())
            if not filterset.is_valid():
                messages.error(request, "筛选条件有误，未导出。")
                return redirect(request.path)
            return self.export(request, filterset.qs, export)
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            # The page shows the filter's error beside the filter, and an empty table (strict filtering).
            response.status_code = 400
        return response

    def export(self, request, queryset, fmt: str) -> HttpResponse:  # pragma: no cover
        raise Http404

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action not in dict(self.bulk_actions):
            messages.error(request, "未知的批量操作。")
            return redirect(request.get_full_path())
        ids = [int(i) for i in request.POST.getlist("pk") if i.isdigit()]
        if not ids:
            messages.warning(request, "请先勾选要操作的记录。")
            return redirect(request.get_full_path())
        # Only rows the user can see can be acted on: ids from elsewhere are ignored silently.
        queryset = self.selector(request).filter(pk__in=ids)
        return self.bulk_action(request, action, queryset)

    def bulk_action(self, request, action, queryset):  # pragma: no cover
        raise Http404

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            title=self.title,
            add_url_name=self.add_url_name if (self.add_perm is None or has_perm(self.request.user, self.add_perm)) else None,
            export_formats=self.export_formats,
            bulk_actions=self.bulk_actions,
            query_string=self.request.GET.urlencode(),
        )
        return ctx


class ObjectDetailView(PermRequiredMixin, TemplateView):
    """A record with tabs for related records and its audit history."""

    template_name = "core/object_detail.html"

    def get_object(self):
        return self.selector(self.request, self.kwargs["pk"])

    def selector(self, request, pk):  # pragma: no cover
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["object"] = self.object = self.get_object()
        return ctx


class ServiceFormView(PermRequiredMixin, TemplateView):
    """A form whose valid data goes to a service; a ServiceError comes back as a form error in Chinese."""

    template_name = "core/object_form.html"
    form_class = None
    title = ""

    def get_form_kwargs(self):
        kwargs = {}
        if self.request.method == "POST":
            kwargs.update(data=self.request.POST, files=self.request.FILES)
        return kwargs

    def get_form(self):
        return self.form_class(**self.get_form_kwargs())

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                result = self.perform(form)
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                return self.success(result)
        return self.render_to_response(self.get_context_data(form=form), status=422 if request.htmx else 200)

    def perform(self, form):  # pragma: no cover
        raise NotImplementedError

    def success(self, result):
        messages.success(self.request, "已保存。")
        return redirect(result.get_absolute_url() if hasattr(result, "get_absolute_url") else "core:home")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = self.title
        return ctx


class ActionFormView(ServiceFormView):
    """A form page for one act on one record (admit a member, record an election, disburse assistance …).

    It shows what is being done (`action_label`, `icon`, `intro`), to whom (`summary`), and why it cannot be done
    now (`blocked_reason`, shown on GET; a POST still goes to the service, which has the last word). With a
    `modal_template_name`, a request sent by htmx gets only the modal body, and success answers with HX-Redirect
    so that the whole page reloads with its message.
    """

    template_name = "core/action_form.html"
    modal_template_name: str | None = None
    action_label = ""
    icon = "pencil-square"
    danger = False
    intro = ""

    def get_template_names(self):
        if self.modal_template_name and self.request.htmx:
            return [self.modal_template_name]
        return [self.template_name]

    def blocked_reason(self) -> str:
        return ""

    def summary(self) -> list[tuple[str, str]]:
        return []

    def back_url(self) -> str:  # pragma: no cover - every action declares it
        raise NotImplementedError

    def success_url(self, result) -> str:
        return self.back_url()

    def success_message(self, result) -> str:
        return f"已办理：{self.action_label}。"

    def success(self, result):
        from django_htmx.http import HttpResponseClientRedirect

        messages.success(self.request, self.success_message(result))
        url = self.success_url(result)
        if self.modal_template_name and self.request.htmx:
            return HttpResponseClientRedirect(url)
        return redirect(url)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(action_label=self.action_label, icon=self.icon, danger=self.danger, intro=self.intro,
                   summary=self.summary(), back_url=self.back_url(),
                   blocked=self.blocked_reason() if self.request.method == "GET" else "")
        return ctx


__all__ = ["PermRequiredMixin", "ObjectListView", "ObjectDetailView", "ServiceFormView", "ActionFormView",
           "ServiceError"]


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(request, *, model, title: str, columns, rows, filename: str):
    """Stream rows to a temporary .xlsx (core.excel.StreamingXlsx: constant memory, formulas neutralised) and record
    the export in the audit log (model, count, the current organisation)."""
    import tempfile

    from django.utils.timezone import localdate

    from . import audit
    from .excel import StreamingXlsx
    from .models import AuditEntry

    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")
    count = 0
    with StreamingXlsx(handle.name, columns, sheet_name=title[:31], title=title) as book:
        for row in rows:
            book.append(row)
            count += 1
    handle.seek(0)
    org = getattr(request, "current_org", None)
    audit.record(AuditEntry.Action.EXPORT, model=model, note=f"导出{title}：{count}条",
                 org_path=org.path if org is not None else "")
    return FileResponse(handle, as_attachment=True, filename=f"{filename}-{localdate():%Y%m%d}.xlsx",
                        content_type=XLSX_TYPE)
