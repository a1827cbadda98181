from django.urls import path

from microparks.apps.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/action/", views.campaign_action, name="campaign_action"),
    path("<int:pk>/veto/", views.veto_new, name="veto_new"),
    path("<int:pk>/parks/", views.park_ranking, name="park_ranking"),
    path("<int:pk>/export.xlsx", views.campaign_export, name="campaign_export"),
    path("<int:pk>/records.xlsx", views.records_template, name="records_template"),
    path("<int:pk>/records/", views.records_upload, name="records_upload"),
    path("results/<int:pk>/", views.result_detail, name="result_detail"),
    path("results/<int:pk>/object/", views.objection_submit, name="objection_submit"),
    path("objections/<int:pk>/decide/", views.objection_decide, name="objection_decide"),
]
