"""Review pages (mounted at /granskning/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from styr.review import views

app_name = "review"
urlpatterns: list[URLPattern | URLResolver] = [
    path("plan/<int:pk>/", views.plan_review, name="plan"),
    path("plan/<int:pk>/spara/", views.store_plan_review, name="store"),
]
