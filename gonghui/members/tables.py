from collections.abc import Sequence

import django_tables2 as tables
from django.db.models import F, QuerySet
from django.db.models.functions import Lower
from django.utils.html import format_html
from django_tables2.rows import BoundRows

from gonghui.core.masking import mask_id_number, mask_phone

from .models import Person

STATUS_BADGE = {
    "active": "success", "pending": "warning", "transferring": "info", "none": "secondary",
    "withdrawn": "secondary", "transferred_out": "secondary", "deceased": "dark",
}

# The person columns the list shows; the page reads only these (and the organisation's name).
LIST_FIELDS = ("id", "org", "org__name", "name", "gender", "birth_date", "department", "member_status", "member_no",
               "phone", "id_number")


class PageByIds(Sequence):
    """One page of people, read on first use in two steps: the ids in the page's order, then their rows."""

    def __init__(self, page: QuerySet):
        self.page = page
        self._rows: list[Person] | None = None

    def _load(self) -> list[Person]:
        if self._rows is None:
            ids = list(self.page.values_list("pk", flat=True))
            found = Person.objects.select_related("org").only(*LIST_FIELDS).order_by().in_bulk(ids)
            self._rows = [found[pk] for pk in ids if pk in found]
        return self._rows

    def __len__(self) -> int:
        return len(self._load())

    def __getitem__(self, index):
        return self._load()[index]


class PersonTable(tables.Table):
    """The person list. Column definitions (headers, sorting) are django-tables2's; the rows are drawn by
    members/person_table.html in one plain loop, because django-tables2's generic per-cell rendering costs about
    1.5 ms a row (80 ms for a page of 50) — more than all the page's queries on 200,000 people."""

    pk = tables.CheckBoxColumn(accessor="pk", attrs={"th__input": {"name": "select-all", "aria-label": "全选"},
                                                     "td__input": {"name": "pk"}})
    # Every ordering ends with the id so pages never overlap, and matches an index (name_pinyin, id;
    # birth_date, org_id, name_pinyin, id): the first page of 200,000 people is read from the index, not sorted.
    name = tables.Column(verbose_name="姓名", linkify=("members:person_detail", {"pk": tables.A("pk")}),
                         order_by=("name_pinyin", "id"))
    gender = tables.Column(verbose_name="性别")
    birth_date = tables.Column(verbose_name="年龄", order_by=("-birth_date", "-org_id", "-name_pinyin", "-id"))
    org = tables.Column(verbose_name="所在组织", accessor="org__name", order_by=("org__path", "name_pinyin", "id"))
    department = tables.Column(verbose_name="部门")
    member_status = tables.Column(verbose_name="会籍")
    member_no = tables.Column(verbose_name="会员编号")
    phone = tables.Column(verbose_name="手机", orderable=False)
    id_number = tables.Column(verbose_name="身份证号", orderable=False)

    class Meta:
        model = Person
        template_name = "members/person_table.html"
        fields = ("pk", "name", "gender", "birth_date", "org", "department", "member_status", "member_no", "phone", "id_number")
        attrs = {"class": "table table-hover table-sm align-middle bg-white", "id": "person-table"}
        order_by = ("name",)

    def __init__(self, data=None, *args, **kwargs):
        if isinstance(data, QuerySet):
            data = data.only(*LIST_FIELDS)
        request = kwargs.get("request")
        self.searching = bool(request is not None and request.GET.get("q", "").strip())
        super().__init__(data, *args, **kwargs)

    def order_name(self, queryset, is_descending):
        """By pinyin, then id. While searching, by lower(pinyin) — the same order (pinyin is stored in lower case),
        but one no index provides, so the database sorts the matches instead of walking the name index.

        Search matches cluster in pinyin order (all of "zs" or "zhang" sit near the end of the alphabet);
        PostgreSQL assumes they are spread evenly and, to fill a page of 50, walked 170,000 of 200,000 index
        entries (450 ms) where sorting the 17,000 matches takes a few milliseconds.
        """
        key = Lower("name_pinyin") if self.searching else F("name_pinyin")
        if is_descending:
            return queryset.order_by(key.desc(), F("id").desc()), True
        return queryset.order_by(key.asc(), F("id").asc()), True

    def paginate(self, *args, **kwargs):
        """The page's people in two steps: their ids (which the indexes answer without reading any person row,
        see Person.Meta), then those rows. In one step the database reads and sorts every matching row first —
        30,000 of them for "female members in their thirties" in a federation of 200,000."""
        super().paginate(*args, **kwargs)
        page = self.page.object_list.data  # this page's slice of the queryset, not yet run
        if isinstance(page, QuerySet):
            self.page.object_list = BoundRows(data=PageByIds(page), table=self)
        return self

    def page_records(self) -> list[Person]:
        """The current page's people, each with what its row shows (masked phone and ID number, age, badge)."""
        records = [row.record for row in self.paginated_rows]
        for person in records:
            age = person.age
            person.age_text = "—" if age is None else age
            person.badge = STATUS_BADGE.get(person.member_status, "secondary")
            person.masked_phone = mask_phone(person.phone)
            person.masked_id_number = mask_id_number(person.id_number)
        return records

    # The cells as django-tables2 would render them (used if the table is rendered with another template).
    def render_birth_date(self, record):
        return record.age if record.age is not None else "—"

    def render_member_status(self, record, value):
        return format_html('<span class="badge text-bg-{}">{}</span>', STATUS_BADGE.get(record.member_status, "secondary"), value)

    def render_phone(self, value):
        return format_html('<span class="masked">{}</span>', mask_phone(value))

    def render_id_number(self, value):
        return format_html('<span class="masked">{}</span>', mask_id_number(value))
