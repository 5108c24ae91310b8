from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [path("claim/", views.claim, name="claim")]
