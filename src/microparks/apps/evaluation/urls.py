from django.urls import path

from microparks.apps.evaluation import (
    views,
    views_portal,
    views_review,
    views_templates,
    views_workflow,
)

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
    path("objections/<int:pk>/file/", views_workflow.objection_file, name="objection_file"),
    path("results/<int:pk>/sheet.xlsx", views_workflow.result_export, name="result_export"),
    path("<int:pk>/unfiled/", views_workflow.unfiled, name="unfiled"),
    path("<int:pk>/unfiled/remind/", views_workflow.remind, name="remind"),
    path("<int:pk>/review/", views_review.review, name="review"),
    path("<int:pk>/review/lock/", views_review.lock, name="lock_records"),
    path("<int:pk>/review/bureau/", views_review.bureau_upload, name="bureau_upload"),
    path(
        "<int:pk>/review/tax-bureau.xlsx",
        views_templates.bureau_template,
        {"kind": "tax-bureau"},
        name="tax_bureau_template",
    ),
    path(
        "<int:pk>/review/power.xlsx",
        views_templates.bureau_template,
        {"kind": "power"},
        name="power_template",
    ),
    path("<int:pk>/review/<int:record_pk>/", views_review.record_detail, name="record_detail"),
    path(
        "<int:pk>/review/<int:record_pk>/action/",
        views_review.record_action,
        name="record_action",
    ),
    path("my-records/", views_portal.my_records, name="my_records"),
    path("my-records/<int:year>/", views_portal.my_record, name="my_record"),
    path("my-records/<int:year>/template.xlsx", views_portal.my_template, name="my_template"),
    path("my-records/<int:year>/upload/", views_portal.my_upload, name="my_upload"),
]
