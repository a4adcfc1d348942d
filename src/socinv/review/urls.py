from django.urls import path

from . import views

app_name = "review"
urlpatterns = [
    path("projects/<int:pk>/", views.review, name="review"),
    path("projects/<int:pk>/decide/", views.decide, name="decide"),
    path("projects/<int:pk>/decision/", views.decision, name="decision"),
    path("funds/<int:pk>/portfolio/", views.portfolio, name="portfolio"),
    path("funds/<int:pk>/portfolio.xlsx", views.portfolio_xlsx, name="portfolio_xlsx"),
]
