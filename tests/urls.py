"""The product's URLs plus the toy app's."""

from django.urls import include, path

from minorworks.urls import handler400, handler403, handler404, handler500  # noqa: F401 - the product's error pages
from minorworks.urls import urlpatterns as product

urlpatterns = [*product, path("toy/", include("tests.toyapp.urls"))]
