from django.urls import path

from . import views

app_name = "exchange"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("batches/<uuid:public_id>/", views.batch, name="batch"),
    path(
        "batches/<uuid:public_id>/rejected.csv", views.rejected_csv, name="rejected_csv"
    ),
]
