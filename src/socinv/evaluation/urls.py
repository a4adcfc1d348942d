from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/entries/", views.add_entry, name="add_entry"),
    path("projects/<int:pk>/final-report/", views.final_report, name="final_report"),
    path("projects/<int:pk>/research/", views.add_research, name="add_research"),
    path("entries/<int:pk>/responses/", views.respond, name="respond"),
    path("research/<int:pk>/", views.research_file, name="research_file"),
]
