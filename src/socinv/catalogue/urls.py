from django.urls import path

from . import views

app_name = "catalogue"
urlpatterns = [
    path("", views.first, name="first"),
    path("<int:org>/", views.catalogue, name="catalogue"),
    path("<int:org>/units/", views.add_unit_cost, name="add"),
    path("<int:org>/units/<int:pk>/", views.unit_cost, name="unit_cost"),
    path("<int:org>/units/<int:pk>/remove/", views.remove_unit_cost, name="remove"),
    path("<int:org>/index/", views.set_index, name="index"),
    path("<int:org>/index/import/", views.import_index, name="import_index"),
    path("<int:org>/import/", views.import_catalogue, name="import"),
    path("<int:org>/catalogue.toml", views.export_toml, name="export_toml"),
    path("funds/<int:pk>/evidence/", views.evidence_haircuts, name="evidence_haircuts"),
    path("<int:org>/catalogue.xlsx", views.export_xlsx, name="export_xlsx"),
]
