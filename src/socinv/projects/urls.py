from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("projects/", views.projects, name="projects"),
    path("projects/<int:pk>/", views.project, name="project"),
    path(
        "projects/<int:pk>/calculation/recompute/",
        views.recompute,
        name="recompute",
    ),
    path(
        "projects/<int:pk>/calculation/recalculate/",
        views.recalculate,
        name="recalculate",
    ),
]
