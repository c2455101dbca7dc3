from django.urls import include, path

app_name = "coordination"

# One namespace for the app; each feature keeps its own patterns in its folder.
urlpatterns = [
    path("de-nghi/", include("coordination.requests.urls")),
    path("trao-doi/", include("coordination.exchanges.urls")),
    path("tinh-huong/", include("coordination.incidents.urls")),
    path("nhan-xet/", include("coordination.assessments.urls")),
    path("hop-danh-gia/", include("coordination.reviews.urls")),
    path("lich/", include("coordination.calendar.urls")),
    path("to-chuc/", include("coordination.organizations.urls")),
    path("thong-bao/", include("coordination.notifications.urls")),
    path("nhac-viec/", include("coordination.reminders.urls")),
]
