from django.urls import path

from microparks.apps.impact import views, views_readiness, views_templates

app_name = "impact"
urlpatterns = [
    path("", views.county, name="county"),
    path("parks/<int:pk>/", views.park, name="park"),
    path("readiness/", views_readiness.readiness, name="readiness"),
    path("spending/add/", views.spending_add, name="spending_add"),
    path("tables/upload/", views.table_upload, name="table_upload"),
    path("spending/import/", views.spending_import, name="spending_import"),
    path("spending/template.xlsx", views_templates.spending_template, name="spending_template"),
]
