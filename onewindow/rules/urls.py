from django.urls import path

from . import views

app_name = "rules"
urlpatterns = [
    path("calculators/", views.index, name="index"),
    path("calculators/retirement/", views.retirement, name="retirement"),
    path("calculators/pension/", views.pension, name="pension"),
    path("calculators/unemployment/", views.unemployment, name="unemployment"),
    path("entitlements/", views.entitlements, name="entitlements"),
]
