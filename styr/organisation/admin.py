"""Admin for municipalities and the organisation tree; administrators manage their subtree."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from styr.accounts.access import Action
from styr.accounts.admin_rights import RightsAdmin
from styr.organisation.models import Municipality, OrgUnit


@admin.register(Municipality)
class MunicipalityAdmin(RightsAdmin):
    rights_action = Action.ADMINISTER
    list_display = ("name", "kolada_code")
    search_fields = ("name", "kolada_code")


@admin.register(OrgUnit)
class OrgUnitAdmin(RightsAdmin):
    rights_action = Action.ADMINISTER
    list_display = ("indented_name", "kind", "short_name", "municipality", "kolada_ou_id")
    list_filter = ("municipality", "kind")
    search_fields = ("name", "short_name")
    list_select_related = ("municipality",)
    ordering = ("path",)

    @admin.display(description=_("namn"), ordering="path")
    def indented_name(self, unit: OrgUnit) -> str:
        depth = max(unit.path.count("/") - 2, 0)
        return "\u2003" * depth + unit.name
