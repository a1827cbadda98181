from django.urls import path

from microparks.apps.suitability import views

app_name = "suitability"
urlpatterns = [
    path("", views.index, name="index"),
    path("jobs/new/", views.job_new, name="job_new"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/sites/<int:site_pk>/", views.score_detail, name="score_detail"),
    path("layers/demo/", views.demo_layers, name="demo_layers"),
    path("import/", views.upload, name="upload"),
    path("import/preview/", views.preview, name="preview"),
    path("import/confirm/", views.confirm, name="confirm"),
]
