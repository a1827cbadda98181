from django.urls import path

from microparks.apps.servicedesk import views

app_name = "servicedesk"
urlpatterns = [
    path("", views.index, name="index"),
    path("tickets/", views.ticket_list, name="ticket_list"),
    path("tickets/<int:pk>/", views.ticket_detail, name="ticket_detail"),
    path("tickets/<int:pk>/<slug:action>/", views.ticket_act, name="ticket_act"),
    path("portal/", views.portal, name="portal"),
    path("portal/new/", views.portal_new, name="portal_new"),
    path("portal/suggest/", views.portal_suggest, name="portal_suggest"),
    path("portal/<int:pk>/", views.portal_detail, name="portal_detail"),
    path("portal/<int:pk>/<slug:action>/", views.portal_act, name="portal_act"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("library/", views.library, name="library"),
    path("library/<int:pk>/", views.article, name="article"),
    path("notifications/", views.notifications, name="notifications"),
    path("analytics/", views.analytics, name="analytics"),
]
