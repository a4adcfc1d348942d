from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("projects/<int:pk>/memo/", views.memo, name="memo"),
    path("projects/<int:pk>/memo.pdf", views.memo_pdf, name="memo_pdf"),
    path("projects/<int:pk>/followup/", views.followup, name="followup"),
    path("projects/<int:pk>/followup.pdf", views.followup_pdf, name="followup_pdf"),
    path("projects/<int:pk>/followup.xlsx", views.followup_xlsx, name="followup_xlsx"),
]
