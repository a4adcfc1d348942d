from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("funds/<int:pk>/dashboard/", views.dashboard, name="dashboard"),
]
