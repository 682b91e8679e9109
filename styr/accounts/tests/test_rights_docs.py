"""docs/rights.md cannot rot: every action, role and rule table entry is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from styr.accounts.access import GRANTS, MUNICIPALITY_OF, UNIT_CHAIN, Action
from styr.accounts.models import Role
from styr.core.history import PLAN_PATHS

RIGHTS_DOC = Path(__file__).resolve().parents[3] / "docs" / "rights.md"


def action_rows() -> dict[str, str]:
    rows = {}
    for line in RIGHTS_DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `Action."):
            name = line.split("`")[1].removeprefix("Action.")
            rows[name] = line
    return rows


@pytest.mark.parametrize("action", list(Action), ids=lambda action: action.name)
def test_every_action_is_in_the_rights_table_with_the_roles_that_have_it(action: Action) -> None:
    row = action_rows().get(action.name)
    assert row is not None, f"Action.{action.name} is missing from docs/rights.md"
    ticks = [cell.strip() == "✓" for cell in row.strip("|").split("|")[2:]]
    roles = [Role.ADMINISTRATOR, Role.PLANNER, Role.REPORTER, Role.READER]
    assert ticks == [action in GRANTS[role] for role in roles]


def test_every_role_is_documented() -> None:
    text = RIGHTS_DOC.read_text(encoding="utf-8")
    for role in Role:
        assert f"`{role.value}`" in text and str(role.label) in text


def test_every_model_with_a_unit_rule_can_also_be_restricted_to_visible_rows() -> None:
    # restrict() needs a way to the plan (or the municipality) for every model it may meet.
    no_way = [
        label
        for label in UNIT_CHAIN
        if label not in PLAN_PATHS
        and label not in MUNICIPALITY_OF
        and label not in {"organisation.OrgUnit"}
    ]
    assert no_way == []
