from django.urls import path

from . import views

app_name = "followup"
urlpatterns = [
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/import/", views.import_file, name="import"),
    path("projects/<int:pk>/measurements/", views.report_measurement, name="report"),
    path("projects/<int:pk>/kolada/", views.link_kolada, name="kolada"),
]
