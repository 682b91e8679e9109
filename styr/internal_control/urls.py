"""Web pages of the internal control area (mounted at /internkontroll/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from styr.internal_control import views

app_name = "internal_control"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("plan/<int:pk>/", views.register, name="register"),
    path("plan/<int:pk>/kontrollplan/", views.control_plan, name="control-plan"),
    path("risk/<int:pk>/", views.risk_detail, name="risk-detail"),
    path("risk/<int:pk>/atgard/", views.add_action, name="add-action"),
    path("kontroll/<int:pk>/resultat/", views.record_result, name="record-result"),
    path("atgard/<int:pk>/status/", views.action_status, name="action-status"),
]
