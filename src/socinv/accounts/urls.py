from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    # Django's LogoutView accepts POST only (a link cannot log anyone out)
    path("logout/", views.LogoutView.as_view(), name="logout"),
]
