from django.urls import path

from . import views

app_name = "rules"
urlpatterns = [
    path("", views.index, name="index"),
    path("retirement/", views.retirement, name="retirement"),
    path("pension/", views.pension, name="pension"),
    path("unemployment/", views.unemployment, name="unemployment"),
    path("entitlements/", views.entitlements, name="entitlements"),
]
