"""Web pages of the importer area (mounted at /import/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from styr.importer import views

app_name = "importer"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.upload, name="upload"),
    path("<int:pk>/", views.review_page, name="review"),
    path("<int:pk>/<str:kind>/<int:index>/", views.item_fragment, name="item"),
    path("<int:pk>/<str:kind>/<int:index>/andra/", views.item_edit, name="item-edit"),
    path("<int:pk>/<str:kind>/<int:index>/ta-bort/", views.item_delete, name="item-delete"),
    path("<int:pk>/spara/", views.confirm, name="confirm"),
    path("<int:pk>/kasta/", views.discard, name="discard"),
    path("<int:pk>/borja-om/", views.reset, name="reset"),
    path("<int:pk>/klar/", views.done, name="done"),
]
