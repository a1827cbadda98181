from django.urls import path

from microparks.apps.industries import views

app_name = "industries"
urlpatterns = [
    path("search/", views.search, name="search"),
]
