from django.urls import path

from . import views

app_name = "actuals"
urlpatterns = [
    path("funds/<int:pk>/", views.fund_page, name="fund"),
    path("funds/<int:pk>/export.si", views.sie_export, name="export"),
    path("funds/<int:pk>/mapping/", views.set_mapping, name="mapping"),
    path("funds/<int:pk>/import/", views.import_file, name="import"),
]
