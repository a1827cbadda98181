from django.urls import path

from microparks.apps.attraction import import_views, views

app_name = "attraction"
urlpatterns = [
    path("", views.pipeline_list, name="pipeline_list"),
    path("board/", views.pipeline_board, name="pipeline_board"),
    path("funnel/", views.pipeline_funnel, name="pipeline_funnel"),
    path("export.xlsx", views.pipeline_export, name="pipeline_export"),
    path("new/", views.prospect_new, name="prospect_new"),
    path("import/", import_views.VIEWS["table_import"], name="table_import"),
    path("import/preview/", import_views.VIEWS["table_preview"], name="table_preview"),
    path("import/confirm/", import_views.VIEWS["table_confirm"], name="table_confirm"),
    path("import/<int:pk>/", import_views.VIEWS["table_done"], name="table_done"),
    path("import/template.xlsx", import_views.VIEWS["table_template"], name="table_template"),
    path("board/<int:pk>/move/", views.board_move, name="board_move"),
    path("<int:pk>/", views.prospect_detail, name="prospect_detail"),
    path("<int:pk>/move/", views.prospect_move, name="prospect_move"),
    path("<int:pk>/activity/", views.prospect_activity, name="prospect_activity"),
    path("<int:pk>/declaration/", views.prospect_declaration, name="prospect_declaration"),
    path("<int:pk>/admission/", views.prospect_admission, name="prospect_admission"),
    path("<int:pk>/sign/", views.prospect_sign, name="prospect_sign"),
    path("<int:pk>/edit/", views.prospect_edit, name="prospect_edit"),
    path("<int:pk>/override/", views.prospect_override, name="prospect_override"),
    path("<int:pk>/condition/", views.prospect_condition, name="prospect_condition"),
    path("<int:pk>/evidence/<int:check_pk>/", views.prospect_evidence, name="prospect_evidence"),
]
