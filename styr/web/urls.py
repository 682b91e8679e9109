from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from styr.web import views

app_name = "web"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("organisation/", views.org_tree, name="org-tree"),
    path("organisation/<int:pk>/", views.unit_detail, name="unit-detail"),
    path("sok/", views.search, name="search"),
]
