from django.urls import path

from microparks.apps.web import views

app_name = "web"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
