from django.urls import path

from . import views

app_name = "fund"
urlpatterns = [
    path("funds/<int:pk>/", views.overview, name="overview"),
    path("funds/<int:pk>/ledger/", views.ledger, name="ledger"),
    path("funds/<int:pk>/ledger.csv", views.ledger_csv, name="ledger_csv"),
    path("funds/<int:pk>/ledger.xlsx", views.ledger_xlsx, name="ledger_xlsx"),
    path("funds/<int:pk>/book/", views.book, name="book"),
    path("funds/<int:pk>/attestation/", views.attestation_settings, name="attestation"),
    path("funds/<int:pk>/preliminary/<int:booking_pk>/attest/", views.attest, name="attest"),
    path("funds/<int:pk>/preliminary/<int:booking_pk>/reject/", views.reject, name="reject"),
    path("funds/<int:pk>/statement/<int:year>/", views.statement, name="statement"),
    path("funds/<int:pk>/statement/<int:year>.xlsx", views.statement_xlsx, name="statement_xlsx"),
]
