from django.urls import path

from . import views

app_name = "phases"
urlpatterns = [
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/gates/<str:gate>/", views.pass_gate, name="pass_gate"),
]
