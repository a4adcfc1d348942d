from django.urls import path

from . import views

app_name = "calculation"
urlpatterns = [
    path("projects/<int:pk>/", views.editor, name="editor"),
    path("projects/<int:pk>/results/", views.results, name="results"),
    path("projects/<int:pk>/import/", views.import_toml, name="import"),
    path("projects/<int:pk>/unit-costs/", views.unit_cost_search, name="unit_cost_search"),
    path("projects/<int:pk>/calculation.toml", views.export_toml, name="export_toml"),
    path("projects/<int:pk>/calculation.xlsx", views.export_xlsx, name="export_xlsx"),
    path("projects/<int:pk>/expost/", views.expost, name="expost"),
    path("projects/<int:pk>/expost/prefill/", views.expost_prefill, name="expost_prefill"),
    path("projects/<int:pk>/expost/import/", views.expost_import, name="expost_import"),
    path("projects/<int:pk>/expost.toml", views.expost_export, name="expost_export"),
]
