"""The import wizard of every registered importer: /import/<kind>/…"""
from django.urls import path

from . import views

app_name = "importing"


def patterns(prefix: str = "<slug:kind>/", kind: str | None = None) -> list:
    """The wizard's URLs under `prefix`; with `kind`, bound to one importer (for an area's own URL names, which
    are then "import_<view>")."""
    extra = {} if kind is None else {"kind": kind}
    name = (lambda view: view) if kind is None else (lambda view: f"import_{view}")
    return [
        path(f"{prefix}", views.start, extra, name=name("start")),
        path(f"{prefix}template/", views.template, extra, name=name("template")),
        path(f"{prefix}<int:pk>/", views.preview, extra, name=name("preview")),
        path(f"{prefix}<int:pk>/errors/", views.errors, extra, name=name("errors")),
        path(f"{prefix}<int:pk>/commit/", views.commit, extra, name=name("commit")),
        path(f"{prefix}<int:pk>/discard/", views.discard, extra, name=name("discard")),
        path(f"{prefix}<int:pk>/result/", views.result, extra, name=name("result")),
    ]


urlpatterns = patterns()
