from django.urls import path

from . import views

app_name = "backoffice"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("cases/<uuid:case_id>/", views.case_detail, name="case"),
    path(
        "cases/<uuid:case_id>/documents/",
        views.case_document_upload,
        name="document_upload",
    ),
    path("cases/<uuid:case_id>/<slug:action>/", views.case_action, name="case_action"),
    path("lookup/", views.lookup, name="lookup"),
    path("assist/", views.assist_start, name="assist_start"),
    path("assist/<uuid:session_id>/", views.assist, name="assist"),
    path("assist/<uuid:session_id>/end/", views.assist_end, name="assist_end"),
    path(
        "assist/<uuid:session_id>/apply/<slug:service_code>/",
        views.assist_apply,
        name="assist_apply",
    ),
    path("supervisor/", views.supervisor, name="supervisor"),
]
