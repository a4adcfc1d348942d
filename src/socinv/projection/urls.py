from django.urls import path

from . import views

app_name = "projection"
urlpatterns = [
    path("funds/<int:pk>/projection/", views.projection, name="projection"),
    path("funds/<int:pk>/projection.xlsx", views.projection_workbook, name="workbook"),
    path("funds/<int:pk>/projection/plan/", views.plan_contribution, name="plan"),
    path(
        "funds/<int:pk>/projection/plan/<int:year>/remove/",
        views.remove_contribution,
        name="remove",
    ),
]
