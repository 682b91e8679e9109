"""Web pages of the plans area (mounted at /planer/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from styr.plans import views

app_name = "plans"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.plan_list, name="plan-list"),
    path("<int:pk>/", views.plan_detail, name="plan-detail"),
    path("<int:pk>/transformationskarta/", views.transformation_map, name="transformation-map"),
    path("<int:pk>/kalla/", views.plan_source, name="plan-source"),
    path("<int:pk>/kalla/fil/", views.plan_source_file, name="plan-source-file"),
    path("mal/<int:pk>/", views.goal_detail, name="goal-detail"),
]
