"""The enterprise directory's import and export, under the ``enterprises`` namespace."""

from django.urls import path

from microparks.apps.attraction import directory_views as views

app_name = "enterprises"
urlpatterns = [
    path("import/", views.VIEWS["table_import"], name="table_import"),
    path("import/preview/", views.VIEWS["table_preview"], name="table_preview"),
    path("import/confirm/", views.VIEWS["table_confirm"], name="table_confirm"),
    path("import/<int:pk>/", views.VIEWS["table_done"], name="table_done"),
    path("import/template.xlsx", views.VIEWS["table_template"], name="table_template"),
    path("export.xlsx", views.enterprise_export, name="enterprise_export"),
]
