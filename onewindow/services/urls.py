from django.urls import path

from . import views

app_name = "services"
urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("cases/", views.cases, name="cases"),
    path("cases/<uuid:case_id>/", views.case_detail, name="case"),
    path(
        "cases/<uuid:case_id>/documents/",
        views.document_upload,
        name="document_upload",
    ),
    path("cases/<uuid:case_id>/<slug:action>/", views.case_action, name="case_action"),
    path(
        "documents/<uuid:document_id>/",
        views.document_download,
        name="document",
    ),
    path("<slug:service_code>/", views.service_page, name="service"),
    path("<slug:service_code>/apply/", views.apply, name="apply"),
]
