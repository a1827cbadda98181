from django.urls import path

from microparks.apps.matching import views

app_name = "matching"
urlpatterns = [
    path("", views.index, name="index"),
    path("parks/<int:pk>/", views.park_matches, name="park"),
    path("prospects/<int:pk>/", views.prospect_matches, name="prospect"),
    path("save/", views.save, name="save"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
]
