from django.urls import path

from . import views

app_name = "records"
urlpatterns = [
    path("", views.record, name="record"),
    path("statement.csv", views.statement_csv, name="statement_csv"),
    path("statement.pdf", views.statement_pdf_view, name="statement_pdf"),
    path("<slug:insurance>/", views.months, name="months"),
]
