from django.urls import path

from microparks.apps.attraction import views

app_name = "attraction"
urlpatterns = [
    path("", views.pipeline_list, name="pipeline_list"),
    path("board/", views.pipeline_board, name="pipeline_board"),
    path("funnel/", views.pipeline_funnel, name="pipeline_funnel"),
    path("export.xlsx", views.pipeline_export, name="pipeline_export"),
    path("new/", views.prospect_new, name="prospect_new"),
    path("board/<int:pk>/move/", views.board_move, name="board_move"),
    path("<int:pk>/", views.prospect_detail, name="prospect_detail"),
    path("<int:pk>/move/", views.prospect_move, name="prospect_move"),
    path("<int:pk>/activity/", views.prospect_activity, name="prospect_activity"),
    path("<int:pk>/declaration/", views.prospect_declaration, name="prospect_declaration"),
    path("<int:pk>/admission/", views.prospect_admission, name="prospect_admission"),
    path("<int:pk>/sign/", views.prospect_sign, name="prospect_sign"),
]
