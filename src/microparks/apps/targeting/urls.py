from django.urls import path

from microparks.apps.targeting import upload_views, views

app_name = "targeting"
urlpatterns = [
    path("", views.county, name="county"),
    path("parks/<int:pk>/", views.park, name="park"),
    path("parks/<int:pk>/positioning/", views.add_positioning, name="add_positioning"),
    path("counties/<int:pk>/files/<str:kind>/", upload_views.upload_input, name="upload_input"),
]
