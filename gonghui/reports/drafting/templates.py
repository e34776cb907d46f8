"""Which wording a document of a union is drafted from: the default (fixed parts: defaults.py; work areas: their
registry.describe(sections=...)) unless an administrator's SectionTemplate row overrides it.

Rows of the union itself and of its ancestors, and rows without a union (everywhere), are candidates; the nearest
one wins (the union's own, then its parent's, …, then the row for everywhere). Inactive rows are ignored. The
heading and the body are taken separately: a row with an empty heading (or body) leaves it to the next row, and
in the end to the default.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from .. import registry
from ..models import SectionTemplate
from ..registry import Section
from . import defaults


def ancestor_paths(org) -> list[str]:
    from gonghui.orgs.models import PATH_STEP

    return [org.path[: i + PATH_STEP] for i in range(0, len(org.path), PATH_STEP)]


def generic_section(kind: str, area: registry.Area) -> Section:
    """Wording for an area that declared none for this kind: its figures, one clause each."""
    counts = [m for m in area.metrics if m.unit != "%"]
    if kind == "plan":
        clauses = [f"{m.label}不少于{{{m.code}|target}}" for m in counts[:4]]
        body = f"继续扎实做好{area.label}各项工作" + "".join(f"，{c}" for c in clauses) + "。"
        return Section(kind, f"扎实做好{area.label}工作", body)
    clauses = [f"{'期末' if m.stock else ''}{m.label}{{{m.code}}}" for m in area.metrics]
    # The period's clause holds (as a condition) the first figure: no clause without a figure (wording.py).
    body = f"{{{area.metrics[0].code}|if}}{{period}}，" + "，".join(clauses) + "。"
    heading = f"{area.label}工作情况" if kind == "report" else f"扎实推进{area.label}工作"
    return Section(kind, heading, body)


def default_section(kind: str, code: str) -> Section | None:
    """The shipped wording of a fixed part or a work area (None: no such section)."""
    part = defaults.part(kind, code)
    if part is not None:
        return part.default
    area = next((a for a in registry.by_area() if a.code == code), None)
    if area is None:
        return None
    return area.section(kind) or generic_section(kind, area)


def section_codes(kind: str) -> list[str]:
    """Every section of a kind of document, in document order: fixed parts with the work areas in their place."""
    out: list[str] = []
    for part in defaults.parts(kind):
        if part == defaults.AREAS:
            out += [a.code for a in registry.by_area()]
        else:
            out.append(part.code)
    return out


def section_label(kind: str, code: str) -> str:
    part = defaults.part(kind, code)
    if part is not None:
        return part.label
    area = next((a for a in registry.by_area() if a.code == code), None)
    return f"工作领域：{area.label}" if area else code


def _depth(row: SectionTemplate) -> int:
    return row.org.depth if row.org_id else -1


def chains(kind: str, org) -> dict[str, list[SectionTemplate]]:
    """{section: the rows that apply to `org`, nearest first} (one query)."""
    rows = (SectionTemplate.objects.filter(kind=kind, active=True)
            .filter(Q(org__isnull=True) | Q(org__path__in=ancestor_paths(org))).select_related("org"))
    found: dict[str, list[SectionTemplate]] = {}
    for row in rows:
        found.setdefault(row.section, []).append(row)
    return {section: sorted(rows, key=_depth, reverse=True) for section, rows in found.items()}


def candidate_rows(kind: str, org) -> dict[str, SectionTemplate]:
    """{section: the nearest row that applies to `org`}."""
    return {section: rows[0] for section, rows in chains(kind, org).items()}


@dataclass
class Wording:
    """The wording of one kind of document for one union: for the heading and for the body each, the nearest
    row that fills it, else the default."""

    kind: str
    rows: dict[str, list[SectionTemplate]]  # nearest first
    overrides: dict[str, tuple[str, str]]  # previews: section -> (heading, body) not saved yet

    def get(self, code: str) -> Section | None:
        default = default_section(self.kind, code)
        if default is None:
            return None
        layers = [(row.heading, row.body) for row in self.rows.get(code, [])]
        if code in self.overrides:
            layers.insert(0, self.overrides[code])
        heading = next((h.strip() for h, _ in layers if h.strip()), default.heading)
        body = next((b.strip() for _, b in layers if b.strip()), default.body)
        return Section(self.kind, heading, body)

    def texts(self) -> list[str]:
        """Every heading and body in use (to know which figures of last year are needed)."""
        out = []
        for code in section_codes(self.kind):
            section = self.get(code)
            if section is not None:
                out += [section.heading, section.body]
        return out


def wording(kind: str, org, overrides: dict[str, tuple[str, str]] | None = None) -> Wording:
    return Wording(kind, chains(kind, org), dict(overrides or {}))
