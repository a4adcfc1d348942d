from django.urls import path

from . import views

app_name = "savings"
urlpatterns = [
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/saving/", views.record_saving, name="record_saving"),
    path("projects/<int:pk>/repayment/", views.repayment, name="repayment"),
    path("projects/<int:pk>/write-down/", views.write_down, name="write_down"),
    path("funds/<int:pk>/", views.fund, name="fund"),
]
