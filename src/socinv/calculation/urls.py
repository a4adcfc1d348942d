app_name = "calculation"
urlpatterns: list = []
