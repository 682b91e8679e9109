"""What the generator's steps share while they build one municipality."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from styr.demo.blueprint import CommitteeSpec, DepartmentSpec
from styr.demo.sizes import Amounts
from styr.demo.writer import BulkWriter
from styr.followup.models import FollowUpPeriod
from styr.organisation.models import Municipality, OrgUnit
from styr.plans.models import Goal, Plan


@dataclass
class DepartmentNode:
    spec: DepartmentSpec
    unit: OrgUnit
    units: list[OrgUnit]
    plan: Plan | None = None
    goals: list[Goal] = field(default_factory=list)  # verksamhetsmål
    sub_goals: dict[int, list[Goal]] = field(default_factory=dict)  # delmål per unit pk

    @property
    def own_plan(self) -> Plan:
        return _written(self.plan, self.spec.name)


@dataclass
class CommitteeNode:
    spec: CommitteeSpec
    unit: OrgUnit
    administration: OrgUnit
    departments: list[DepartmentNode]
    plan: Plan | None = None
    control_plan: Plan | None = None
    long_term_goals: list[Goal] = field(default_factory=list)
    committee_goals: list[Goal] = field(default_factory=list)

    @property
    def own_plan(self) -> Plan:
        return _written(self.plan, self.spec.name)

    @property
    def own_control_plan(self) -> Plan:
        return _written(self.control_plan, self.spec.name)


def _written(plan: Plan | None, owner: str) -> Plan:
    if plan is None:
        raise RuntimeError(f"The plans of {owner} must be built before what they hold")
    return plan


@dataclass
class Build:
    rng: random.Random
    base_year: int
    amounts: Amounts
    writer: BulkWriter
    municipality: Municipality
    committees: list[CommitteeNode] = field(default_factory=list)
    periods: dict[int, dict[str, FollowUpPeriod]] = field(default_factory=dict)  # plan pk → code

    def date(self, month: int, day: int, year_offset: int = 0) -> dt.date:
        return dt.date(self.base_year + year_offset, month, day)

    def moment(self, month: int, day: int) -> dt.datetime:
        return dt.datetime(self.base_year, month, day, 12, 0, tzinfo=dt.UTC)

    def departments(self) -> list[DepartmentNode]:
        return [d for c in self.committees for d in c.departments]
