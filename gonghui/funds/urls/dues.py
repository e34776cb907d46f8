"""URL patterns of dues, included in the `funds` namespace by urls/__init__.py."""
urlpatterns: list = []
