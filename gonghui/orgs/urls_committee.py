"""Committee pages: terms, elections and positions."""
urlpatterns = []
