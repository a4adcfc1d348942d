from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("projects/<int:pk>/memo/", views.memo, name="memo"),
    path("projects/<int:pk>/memo.pdf", views.memo_pdf, name="memo_pdf"),
]
