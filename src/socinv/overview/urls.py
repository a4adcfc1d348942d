from django.urls import path

from . import views

app_name = "overview"
urlpatterns = [
    path("funds/<int:pk>/overview/", views.overview, name="overview"),
]
