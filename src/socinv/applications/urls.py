from django.urls import path

from . import views

app_name = "applications"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.new_idea, name="new_idea"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/idea/", views.edit_idea, name="edit_idea"),
    path("<int:pk>/submit-idea/", views.submit_idea, name="submit_idea"),
    path("<int:pk>/decide-idea/", views.decide_idea, name="decide_idea"),
    path("<int:pk>/start-full/", views.start_full, name="start_full"),
    path("<int:pk>/full/", views.full, name="full"),
    path("<int:pk>/full/<int:step>/", views.full, name="full_step"),
    path("<int:pk>/attachments/", views.add_attachment, name="add_attachment"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("attachments/<int:pk>/remove/", views.remove_attachment, name="remove_attachment"),
    path("funds/<int:fund_pk>/ideas/", views.review_ideas, name="review_ideas"),
]
