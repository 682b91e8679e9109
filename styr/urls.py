"""Every area mounts its own pages; the URL prefixes are Swedish because users read them."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from styr.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("planer/", include("styr.plans.urls")),
    path("uppfoljning/", include("styr.followup.urls")),
    path("internkontroll/", include("styr.internal_control.urls")),
    path("ekonomi/", include("styr.economy.urls")),
    path("politik/", include("styr.politics.urls")),
    path("import/", include("styr.importer.urls")),
    path("rapporter/", include("styr.reports.urls")),
    path("granskning/", include("styr.review.urls")),
    path("", include("styr.web.urls")),
]
