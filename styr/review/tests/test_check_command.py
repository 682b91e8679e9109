from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from styr.review.services import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE, run_check, store_review
from styr.review.tests.builders import findings, goal, plan_doc

SEEDS = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds"


def write(tmp_path: Path, doc: dict[str, Any], name: str = "plan.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(path)


def erroneous_plan() -> dict[str, Any]:
    return plan_doc(
        kind="internkontrollplan",
        risks=[
            {
                "id": "r1",
                "title": "Fel utbetalningar",
                "probability": 3,
                "consequence": 4,
                "score": 16,
                "controls": [],
                "actions": [],
                "source": {"line": 7, "page": 2},
            }
        ],
    )


def test_a_clean_plan_exits_zero(tmp_path: Path) -> None:
    output, status = run_check(write(tmp_path, plan_doc(goals=[goal("g1", "Mål", criteria=["x"])])))
    assert status == EXIT_OK
    assert "Inga anmärkningar" in output


def test_error_findings_exit_one_and_are_grouped_with_their_place(tmp_path: Path) -> None:
    output, status = run_check(write(tmp_path, erroneous_plan()))
    assert status == EXIT_ERRORS
    assert "FEL (2)" in output
    assert "s. 2, rad 7" in output and "risk.score_mismatch" in output


def test_json_output_is_a_list_of_findings(tmp_path: Path) -> None:
    output, _status = run_check(write(tmp_path, erroneous_plan()), as_json=True)
    data = json.loads(output)
    assert {item["code"] for item in data} == {"risk.score_mismatch", "risk.high_unhandled"}
    assert all(item["severity"] == "error" and item["hint"] for item in data)


@pytest.mark.parametrize(
    ("content", "name"),
    [("{not json", "plan.json"), ('{"format": "other/1"}', "plan.json"), ("x", "plan.xlsx")],
)
def test_unreadable_input_exits_two(tmp_path: Path, content: str, name: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    output, status = run_check(str(path))
    assert status == EXIT_UNREADABLE
    assert name in output or "other/1" in output


def test_the_command_sets_the_exit_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        call_command("check", write(tmp_path, erroneous_plan()), "--json")
    assert exit_info.value.code == EXIT_ERRORS
    assert json.loads(capsys.readouterr().out)[0]["item_id"] == "r1"


def test_the_threshold_option_changes_the_review(tmp_path: Path) -> None:
    doc = erroneous_plan()
    doc["risks"][0]["probability"] = 4  # 4 × 4 = 16: only "high risk without control" is left
    path = write(tmp_path, doc)
    call_command("check", path, "--high-risk-threshold", "20")
    with pytest.raises(SystemExit):
        call_command("check", path)


def test_without_a_file_it_is_djangos_system_check(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("check")
    assert "System check identified" in capsys.readouterr().out


def test_a_text_document_is_reviewed_through_the_importer() -> None:
    path = next((SEEDS).glob("000_*.txt"), None)
    if path is None:
        pytest.skip("seed text documents not found")
    output, status = run_check(str(path), as_json=True)
    assert status in (EXIT_OK, EXIT_ERRORS), output
    assert isinstance(json.loads(output), list)


@pytest.mark.django_db
def test_a_missing_plan_id_is_unreadable() -> None:
    output, status = run_check(plan_id=999_999)
    assert status == EXIT_UNREADABLE
    assert "999999" in output or "export_plan" in output


@pytest.mark.django_db
def test_a_review_run_is_stored_with_its_findings(org: Any) -> None:
    from styr.plans.models import Plan
    from styr.review.models import Review

    plan = Plan.objects.create(
        title="Internkontrollplan 2024", kind="internkontrollplan", owner=org.committee
    )
    run = store_review(plan, findings(erroneous_plan()))
    stored = Review.objects.get(pk=run.pk)
    assert (stored.error_count, stored.warning_count) == (2, 0)
    assert sorted(
        stored.findings.values_list("code", "item_ref", "source_line", "source_page")
    ) == [
        ("risk.high_unhandled", "r1", 7, 2),
        ("risk.score_mismatch", "r1", 7, 2),
    ]
