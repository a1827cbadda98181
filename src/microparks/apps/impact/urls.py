from django.urls import path

from microparks.apps.impact import views

app_name = "impact"
urlpatterns = [
    path("", views.county, name="county"),
    path("parks/<int:pk>/", views.park, name="park"),
    path("readiness/", views.readiness, name="readiness"),
]
