from django.urls import path

from microparks.apps.rules import views

app_name = "rules"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/<str:kind>/", views.new, name="new"),
    path("import/", views.import_file, name="import"),
    path("check/<str:kind>/", views.check, name="check"),
    path("editor/<str:kind>/", views.editor, name="editor"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/export.yaml", views.export, name="export"),
    path("<int:pk>/diff/<int:other>/", views.diff, name="diff"),
]
