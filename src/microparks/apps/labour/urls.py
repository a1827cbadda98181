"""The labour pages, under ``/labour/``: the pool and its import, vacancies, employment records."""

from django.urls import path

from microparks.apps.labour import (
    dashboard_views,
    events_views,
    jobseekers_views,
    record_views,
    vacancy_views,
    views,
    workshop_views,
)

# The job-seeker register (personal data: the labour-service role only).
jobseekers_urls = [
    path("jobseekers/", jobseekers_views.seeker_list, name="seeker_list"),
    path("jobseekers/new/", jobseekers_views.seeker_new, name="seeker_new"),
    path("jobseekers/export.<str:fmt>", jobseekers_views.seeker_export, name="seeker_export"),
    path("jobseekers/<int:pk>/", jobseekers_views.seeker_detail, name="seeker_detail"),
    path("jobseekers/<int:pk>/edit/", jobseekers_views.seeker_edit, name="seeker_edit"),
    path("jobseekers/<int:pk>/erase/", jobseekers_views.seeker_erase, name="seeker_erase"),
    path(
        "jobseekers/for-vacancy/<int:vacancy>/",
        jobseekers_views.seeker_matches,
        name="seeker_matches",
    ),
]

app_name = "labour"
urlpatterns = [
    path("", views.pool, name="pool"),
    path("import/", views.pool_import, name="pool_import"),
    path("vacancies/", vacancy_views.vacancy_list, name="vacancy_list"),
    path("vacancies/new/", vacancy_views.vacancy_new, name="vacancy_new"),
    path("vacancies/<int:pk>/status/", vacancy_views.vacancy_status, name="vacancy_status"),
    path("vacancies/<int:pk>/poster/", vacancy_views.vacancy_poster, name="vacancy_poster"),
    path("workshops/", workshop_views.workshop_list, name="workshop_list"),
    path("workshops/run/", workshop_views.workshop_run, name="workshop_run"),
    path("workshops/<int:pk>/", workshop_views.workshop_detail, name="workshop_detail"),
    path(
        "workshops/<int:pk>/export.<str:fmt>",
        workshop_views.workshop_export,
        name="workshop_export",
    ),
    path("records/", record_views.record_list, name="record_list"),
    path("records/new/", record_views.record_new, name="record_new"),
    path("records/<int:pk>/edit/", record_views.record_edit, name="record_edit"),
    path("records/import/", record_views.record_import, name="record_import"),
    *jobseekers_urls,
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("events/", events_views.event_list, name="event_list"),
    path("events/new/", events_views.event_new, name="event_new"),
    path("events/<int:pk>/", events_views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", events_views.event_edit, name="event_edit"),
    path("events/<int:pk>/hires/", events_views.hire_save, name="hire_save"),
    path("events/hires/<int:pk>/delete/", events_views.hire_delete, name="hire_delete"),
]
