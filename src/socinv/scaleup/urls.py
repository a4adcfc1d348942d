from django.urls import path

from . import views

app_name = "scaleup"
urlpatterns = [
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/adoptions/", views.add_adoption, name="add_adoption"),
    path("projects/<int:pk>/effects/", views.add_effect, name="add_effect"),
    path("projects/<int:pk>/documents/", views.add_document, name="add_document"),
]
