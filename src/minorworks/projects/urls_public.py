"""URL patterns (filled in by the feature that owns this module)."""

app_name = "public"

urlpatterns: list = []
