"""Public verification pages, mounted at /verify/: no account needed."""

from django.urls import path

from . import views

app_name = "verify"
urlpatterns = [
    path("", views.verify_upload, name="upload"),
    path("<slug:code>/", views.verify_certificate, name="certificate"),
]
