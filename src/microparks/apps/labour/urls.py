"""The labour pool's pages, under ``/labour/``."""

from django.urls import path

from microparks.apps.labour import views

app_name = "labour"
urlpatterns = [
    path("", views.pool, name="pool"),
    path("import/", views.pool_import, name="pool_import"),
]
