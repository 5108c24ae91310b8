from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [path("", views.inbox, name="inbox")]
