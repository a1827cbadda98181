from django.urls import path

from microparks.apps.web import views

app_name = "web"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("parks/", views.park_list, name="park_list"),
    path("parks/<int:pk>/", views.park_detail, name="park_detail"),
    path("sites/", views.site_list, name="site_list"),
    path("sites/map.geojson", views.site_map, name="site_map"),
    path("sites/export.xlsx", views.site_export, {"fmt": "xlsx"}, name="site_export_xlsx"),
    path("sites/export.gpkg", views.site_export, {"fmt": "gpkg"}, name="site_export_gpkg"),
    path("sites/<int:pk>/", views.site_detail, name="site_detail"),
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
]
