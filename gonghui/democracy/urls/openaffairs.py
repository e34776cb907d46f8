"""URL patterns of this part, included in the `democracy` namespace by urls/__init__.py."""
urlpatterns: list = []
