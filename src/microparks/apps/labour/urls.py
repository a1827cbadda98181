"""The labour pages, under ``/labour/``: the pool and its import, vacancies, employment records."""

from django.urls import path

from microparks.apps.labour import record_views, vacancy_views, views

app_name = "labour"
urlpatterns = [
    path("", views.pool, name="pool"),
    path("import/", views.pool_import, name="pool_import"),
    path("vacancies/", vacancy_views.vacancy_list, name="vacancy_list"),
    path("vacancies/new/", vacancy_views.vacancy_new, name="vacancy_new"),
    path("vacancies/<int:pk>/status/", vacancy_views.vacancy_status, name="vacancy_status"),
    path("vacancies/<int:pk>/poster/", vacancy_views.vacancy_poster, name="vacancy_poster"),
    path("records/", record_views.record_list, name="record_list"),
    path("records/new/", record_views.record_new, name="record_new"),
    path("records/<int:pk>/edit/", record_views.record_edit, name="record_edit"),
]
