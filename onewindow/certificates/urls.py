from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path("", views.certificate_list_view, name="list"),
    path(
        "issue/contributions/",
        views.contributions_issue,
        name="issue_contributions",
    ),
    path(
        "<uuid:certificate_id>/certificate.pdf",
        views.download,
        name="download",
    ),
]
