from django.urls import path

from microparks.apps.suitability import basemap, import_views, shed_views, template_views, views

app_name = "suitability"
urlpatterns = [
    path("", views.index, name="index"),
    path("basemap.geojson", basemap.basemap, name="basemap"),
    path("jobs/new/", views.job_new, name="job_new"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/map.geojson", views.job_map, name="job_map"),
    path("jobs/<int:pk>/export.xlsx", views.job_export, {"fmt": "xlsx"}, name="job_export_xlsx"),
    path("jobs/<int:pk>/export.gpkg", views.job_export, {"fmt": "gpkg"}, name="job_export_gpkg"),
    path("jobs/<int:pk>/sites/<int:site_pk>/", views.score_detail, name="score_detail"),
    path("labour-shed/<int:pk>/", shed_views.shed_compute, name="shed_compute"),
    path("import/", import_views.upload, name="upload"),
    path("import/preview/", import_views.preview, name="preview"),
    path("import/confirm/", import_views.confirm, name="confirm"),
    path("import/template.xlsx", template_views.import_template, name="import_template"),
    path("mappings/", import_views.template_list, name="templates"),
    path("mappings/<int:pk>/", import_views.template_edit, name="template_edit"),
    path("mappings/<int:pk>/delete/", import_views.template_delete, name="template_delete"),
]
