"""Pages of the reading room (职工书屋): the catalogue, a title with its copies, the circulation desk (借还: lend and
take back by scanning the ISBN or a copy's barcode), loans (overdue among them), renewals, labels."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org
from gonghui.core import importing
from gonghui.core.errors import ServiceError
from gonghui.core.selectors import object_history
from gonghui.core.excel import Column
from gonghui.core.views import ActionFormView, ObjectDetailView, ObjectListView, PermRequiredMixin, xlsx_response
from django.views.generic import TemplateView

from ..filtersets import BookFilterSet, LoanFilterSet
from ..forms import ConfirmForm, CopiesForm, LendForm, NewBookForm, ReturnForm
from ..models import Book, BookCopy, Loan
from ..selectors import books as selectors
from ..selectors.common import find_person
from ..services import books as services
from ..tables import BookTable, LoanTable
from ._common import BLOCKED, call, home_org


class BookListView(ObjectListView):
    perm = Perm.HOME_VIEW
    title = "职工书屋 · 图书目录"
    template_name = "workershome/book_list.html"
    filterset_class = BookFilterSet
    table_class = BookTable
    export_formats = ("xlsx",)

    def selector(self, request):
        return selectors.books(request.user, within=request.current_org)

    def export(self, request, queryset, fmt):
        from ..importing import export_rows

        importer = importing.get("books")
        copies = selectors.copies(request.user, within=request.current_org).filter(
            book__in=queryset.values("pk")).exclude(state=BookCopy.State.WITHDRAWN)
        from ..views._export import export_response

        return export_response(request, importer, Book, export_rows(copies), title="图书目录", filename="图书目录")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = home_org(self.request) is not None
        org = self.request.current_org
        if org is not None:
            from ..metrics.books import holdings_summary

            ctx["summary"] = holdings_summary(self.request.user, org, localdate())
        return ctx


class BookDetailView(ObjectDetailView):
    perm = Perm.HOME_VIEW
    template_name = "workershome/book_detail.html"

    def selector(self, request, pk):
        return selectors.book_get(request.user, pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        b = self.object
        open_loans = {l.copy_id: l for l in Loan.objects.filter(copy__book=b, returned_on__isnull=True)
                      .select_related("person")}
        copies = list(b.copies.order_by("barcode"))
        for c in copies:
            c.open_loan = open_loans.get(c.pk)
        ctx.update(title=b.title, copies=copies,
                   loans=list(Loan.objects.filter(copy__book=b).select_related("person", "copy")[:50]),
                   waiting=list(b.reservations.filter(status="waiting").select_related("person")),
                   history=object_history(b), today=localdate(),
                   can_edit=can_on_org(self.request.user, Perm.HOME_EDIT, b.org))
        return ctx


class BookCreateView(ActionFormView):
    perm = Perm.HOME_EDIT
    title = action_label = "登记图书"
    icon = "book"
    form_class = NewBookForm
    template_name = "workershome/book_form.html"
    intro = "扫描书背的ISBN条码（或手工输入），填写书名等信息，并登记入藏册数；同一ISBN已登记的，请在该书下添加册数。"

    def get_form(self):
        form = super().get_form()
        if self.request.method == "GET":
            form.initial.setdefault("acquired_on", localdate())
            form.initial.setdefault("isbn", self.request.GET.get("isbn", ""))
        return form

    def blocked_reason(self):
        return "" if home_org(self.request) else BLOCKED

    def back_url(self):
        return reverse("workershome:book_list")

    def perform(self, form):
        from django.db import transaction

        org = home_org(self.request)
        if org is None:
            raise ServiceError(BLOCKED)
        d = form.cleaned_data
        with transaction.atomic():
            book = call(services.book_create, actor=self.request.user, org=org, title=d["title"], author=d["author"],
                        publisher=d["publisher"], isbn=d["isbn"], category=d["category"],
                        published_year=d["published_year"], ebook_url=d["ebook_url"], note=d["note"])
            call(services.copies_add, actor=self.request.user, book=book, count=d["count"], source=d["source"],
                 donor=d["donor"], acquired_on=d["acquired_on"], price=d["price"])
        return book

    def success_url(self, result):
        return result.get_absolute_url()


class CopiesAddView(ActionFormView):
    perm = Perm.HOME_EDIT
    title = action_label = "添加馆藏册"
    icon = "plus-lg"
    form_class = CopiesForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.book = selectors.book_get(request.user, kwargs["pk"], Perm.HOME_EDIT)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        form = super().get_form()
        form.initial.setdefault("acquired_on", localdate())
        return form

    def summary(self):
        return [("书名", self.book.title), ("ISBN", self.book.isbn or "—")]

    def back_url(self):
        return self.book.get_absolute_url()

    def perform(self, form):
        d = form.cleaned_data
        return call(services.copies_add, actor=self.request.user, book=self.book, count=d["count"],
                    source=d["source"], donor=d["donor"], acquired_on=d["acquired_on"], price=d["price"])

    def success_message(self, result):
        return f"已添加{len(result)}册，条码号{result[0].barcode}至{result[-1].barcode}。"


class CirculationView(PermRequiredMixin, TemplateView):
    """借还书: lend (code + borrower) and take back (code) on one page, for the current union's reading room."""

    perm = Perm.HOME_EDIT
    template_name = "workershome/circulation.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        org = home_org(self.request)
        ctx.update(title="借还书", org=org, blocked="" if org else BLOCKED,
                   lend_form=kwargs.get("lend_form") or LendForm(initial={"code": self.request.GET.get("code", "")}),
                   return_form=kwargs.get("return_form") or ReturnForm(),
                   today_loans=list(selectors.loans(self.request.user, within=org).filter(lent_on=localdate())
                                    .order_by("-id")[:20]) if org else [],
                   today_returns=list(selectors.loans(self.request.user, within=org).filter(
                       returned_on=localdate()).order_by("-id")[:20]) if org else [])
        return ctx

    def post(self, request, *args, **kwargs):
        org = home_org(request)
        action = request.POST.get("action")
        if org is None:
            messages.error(request, BLOCKED)
            return redirect("workershome:circulation")
        if action == "lend":
            form = LendForm(request.POST)
            if form.is_valid():
                try:
                    person = find_person(org, form.cleaned_data["person"])
                    loan = call(services.lend, actor=request.user, org=org, code=form.cleaned_data["code"],
                                person=person)
                except ValidationError as exc:
                    for m in exc.messages:
                        form.add_error(None, m)
                else:
                    messages.success(request, f"已借出：《{loan.copy.book.title}》（条码{loan.copy.barcode}）给"
                                              f"{loan.person.name}，应还日期{loan.due_on:%Y年%-m月%-d日}。")
                    return redirect("workershome:circulation")
            return self.render_to_response(self.get_context_data(lend_form=form), status=200)
        form = ReturnForm(request.POST)
        if form.is_valid():
            try:
                loan = call(services.take_back, actor=request.user, org=org, code=form.cleaned_data["code"])
            except ValidationError as exc:
                for m in exc.messages:
                    form.add_error(None, m)
            else:
                late = (loan.returned_on - loan.due_on).days
                messages.success(request, f"已归还：《{loan.copy.book.title}》（条码{loan.copy.barcode}），借阅人"
                                          f"{loan.person.name}" + (f"，逾期{late}天" if late > 0 else "") + "。")
                return redirect("workershome:circulation")
        return self.render_to_response(self.get_context_data(return_form=form), status=200)


class LoanListView(ObjectListView):
    perm = Perm.HOME_VIEW
    title = "借阅记录"
    filterset_class = LoanFilterSet
    table_class = LoanTable
    export_formats = ("xlsx",)
    template_name = "workershome/loan_list.html"

    def selector(self, request):
        return selectors.loans(request.user, within=request.current_org)

    def export(self, request, queryset, fmt):
        rows = ((l.copy.book.title, l.copy.barcode, l.person.name, l.lent_on, l.due_on, l.returned_on, l.renewals)
                for l in queryset.order_by("-lent_on", "-id").iterator(chunk_size=500))
        return xlsx_response(request, model=Loan, title="借阅记录",
                             columns=[Column("书名", 30), Column("条码号", 10), Column("借阅人", 10), Column("借出日期", 12, "date"),
                                      Column("应还日期", 12, "date"), Column("归还日期", 12, "date"), Column("续借次数", 8)],
                             rows=rows, filename="借阅记录")


class _LoanAction(ActionFormView):
    perm = Perm.HOME_EDIT
    form_class = ConfirmForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.loan = selectors.loan_get(request.user, kwargs["pk"], Perm.HOME_EDIT)
        return super().dispatch(request, *args, **kwargs)

    def summary(self):
        l = self.loan
        return [("书名", l.copy.book.title), ("条码号", l.copy.barcode), ("借阅人", l.person.name),
                ("借出日期", f"{l.lent_on:%Y-%m-%d}"), ("应还日期", f"{l.due_on:%Y-%m-%d}")]

    def back_url(self):
        return reverse("workershome:loan_list")


class LoanRenewView(_LoanAction):
    title = action_label = "续借"
    icon = "arrow-repeat"

    def perform(self, form):
        return call(services.renew, actor=self.request.user, loan=self.loan)

    def success_message(self, result):
        return f"已续借，新的应还日期{result.due_on:%Y年%-m月%-d日}。"


class LoanReturnView(_LoanAction):
    title = action_label = "归还"
    icon = "box-arrow-in-down"

    def perform(self, form):
        return call(services.take_back, actor=self.request.user, org=self.loan.org, loan=self.loan)


class LabelsView(PermRequiredMixin, TemplateView):
    """Printable labels: one per copy, with its barcode number as a QR code (segno, inline SVG) and as text."""

    perm = Perm.HOME_VIEW
    template_name = "workershome/labels.html"

    def get_context_data(self, **kwargs):
        from ..labels import qr_svg

        ctx = super().get_context_data(**kwargs)
        qs = selectors.copies(self.request.user, within=self.request.current_org).exclude(
            state=BookCopy.State.WITHDRAWN).order_by("barcode")
        book = self.request.GET.get("book")
        if book and book.isdigit():
            qs = qs.filter(book_id=int(book))
        labels = [{"code": c.barcode, "title": c.book.title, "sub": c.book.category or "",
                   "org": c.org.name, "svg": qr_svg(c.barcode)} for c in qs[:400]]
        ctx.update(title="图书标签", labels=labels)
        return ctx
