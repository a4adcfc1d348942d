from django.urls import path

from . import views

app_name = "frames"
urlpatterns = [
    path("funds/<int:pk>/", views.index, name="index"),
    path("funds/<int:pk>/frames.xlsx", views.export, name="export"),
    path("funds/<int:pk>/template.xlsx", views.template, name="template"),
    path("funds/<int:pk>/boards/<int:board>/", views.board, name="board"),
]
