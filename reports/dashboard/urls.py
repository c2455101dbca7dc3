from django.urls import path

from . import views

# Appended to reports/urls.py (namespace "reports", under "bao-cao/").
urlpatterns = [
    path("tong-quan/", views.overview, name="dashboard-overview"),
    path(
        "tong-quan/xlsx/<slug:table>/",
        views.overview_xlsx,
        name="dashboard-overview-xlsx",
    ),
    path("tong-quan/don-vi/", views.units_overview, name="dashboard-units"),
    path(
        "tong-quan/don-vi/xlsx/",
        views.units_xlsx,
        name="dashboard-units-xlsx",
    ),
    path("chi-bo/<int:pk>/", views.cell_scorecard, name="dashboard-cell"),
    path(
        "chi-bo/<int:pk>/xlsx/<slug:table>/",
        views.cell_scorecard_xlsx,
        name="dashboard-cell-xlsx",
    ),
]
