"""Each layout rule on a small synthetic plan (no seed text)."""

from __future__ import annotations

from styr.importer.interpret.labels import classify
from styr.importer.interpret.tables import is_economic_header, is_role_header, role_of
from styr.importer.tests.helpers import interpret_text


def test_header_columns_are_found_by_their_words() -> None:
    assert [role_of(c) for c in ["Aktivitet", "Ansvarig", "Uppföljning"]] == [
        "activity",
        "responsible",
        "follow_up",
    ]
    assert role_of("Risk- bedömning") == "score"
    assert role_of("Nuläge (ange år)") == "baseline"
    assert role_of("Mål 2023") == "target"
    assert is_role_header(["Indikator", "Nuläge", "Mål 2025"])
    assert not is_role_header(["Öka antalet SIP.", "Enhetschefer", "Helår"])
    assert is_economic_header(["(tkr)", "Bokslut 2022", "Budget 2023", "Budget 2024"])
    assert not is_economic_header(["Budget", "1 200", "1 300"])


def test_goal_labels_go_to_code_not_title() -> None:
    doc = interpret_text(
        "# Nämndens mål\n\n## Mål 1:\n\nFler ska få stöd tidigt.\n\n"
        "## Nämndmål 2 – Färre ska vräkas\n\nText om målet.\n"
    )
    titles = {g["title"]: g["code"] for g in doc["goals"]}
    assert titles == {"Fler ska få stöd tidigt.": "Mål 1", "Färre ska vräkas": "Nämndmål 2"}


def test_labels_are_recognised() -> None:
    assert classify("Mål 2018:", heading=False).kind == "year_goals"  # type: ignore[union-attr]
    assert classify("Målvärde 2027: 100 %", heading=False).kind == "target"  # type: ignore[union-attr]
    assert classify("1-årig inriktning", heading=False).kind == "level"  # type: ignore[union-attr]
    assert classify("Detta är en vanlig mening.", heading=False) is None


def test_activity_table_under_a_numbered_goal() -> None:
    doc = interpret_text(
        "## Mål i uppdragsplan\n\n1. Fler barn ska nås.\n\n### Måluppfyllelse\n\n"
        "- A. Insatserna ska öka.\n\n"
        "Aktivitet\tAnsvarig\tUppföljning\n"
        "Sprida information.\tEnhetschef Norr Enhetschef Syd\tHelår till nämnden.\n"
        "Utbilda personal.\tVerksamhetschef, enhetschefer\t\n"
    )
    goal = doc["goals"][0]
    assert (goal["code"], goal["title"], goal["criteria"]) == (
        "1",
        "Fler barn ska nås.",
        ["A. Insatserna ska öka."],
    )
    first, second = doc["activities"]
    assert first["responsible"] == ["Enhetschef Norr", "Enhetschef Syd"]
    assert first["goals"] == [goal["id"]] and first["source"]["line"] == 10
    assert second["responsible"] == ["Verksamhetschef", "enhetschefer"]
    assert second["follow_up"] is None


def test_goal_indicator_table_with_baseline_and_targets() -> None:
    doc = interpret_text(
        "Kommunfullmäktige har fastställt följande långsiktiga mål.\n\n"
        "1. Trygga invånare.\n\n"
        "Långsiktigt mål\tMål för nämndens verksamhet\tIndikator\tNuläge År\tMål 2025\tMål 2026\n"
        "1. Trygga invånare.\tFler är nöjda.\tAndel nöjda brukare\t82 % (2023)\t85% >\t> 90 %\n"
        "\t\tSjukfrånvaro\t9,9% (2023)\t< föregående år\tBättre än föregående år\n"
    )
    long_term, committee = doc["goals"]
    assert long_term["level"] == "långsiktigt mål" and committee["parent"] == long_term["id"]
    nojda, sjuk = doc["indicators"]
    assert nojda["baseline"] == {"value": 82, "year": 2023, "text": "82 % (2023)"}
    assert [(t["year"], t["op"], t["value"]) for t in nojda["targets"]] == [
        (2025, ">=", 85),
        (2026, ">", 90),
    ]
    assert sjuk["goal"] == committee["id"]
    assert [(t["op"], t["relative_to"]) for t in sjuk["targets"]] == [
        ("<", "previous_year"),
        ("<", "previous_year"),
    ]


def test_year_goals_under_a_heading() -> None:
    doc = interpret_text(
        "## Utvecklingsområden\n\n### Kvalitet\n\nBakgrund.\n\n**Mål 2018:**\n\n"
        "*Alla har en plan.*\n\n**Mål 2019:**\n\n*Andelen har ökat med 10 %.*\n\nMer text.\n"
    )
    area, first, second = doc["goals"]
    assert area["title"] == "Kvalitet" and area["level"] == "utvecklingsområde"
    assert (first["period"], second["period"]) == (
        {"from": 2018, "to": 2018},
        {"from": 2019, "to": 2019},
    )
    assert first["parent"] == area["id"] and doc["indicators"] == []


def test_four_year_goal_direction_and_indicator_with_target_value() -> None:
    doc = interpret_text(
        "4-årigt strategiskt mål - Trygg kommun\n\n"
        "4-årigt verksamhetsmål - Nämnden ska stärka stödet\n\nBeskrivande text.\n\n"
        "Indikator\n\nAndel som får stöd\n\nIngångsvärde: ca 15 % (2022)\n\n"
        "Målvärde 2027: ca 25 %\n\nAndra måttet\n\nMålvärde: 100 % av alla\n\n"
        "1-årig inriktning\n\nNämnden ska utveckla mötesplatser\n\nDetta görs genom samverkan.\n"
    )
    strategic, operational, direction = doc["goals"]
    assert operational["parent"] == strategic["id"] and direction["parent"] == operational["id"]
    assert direction["level"] == "inriktning"
    first, second = doc["indicators"]
    assert first["baseline"]["value"] == 15 and first["targets"][0]["op"] == ">="
    assert (second["targets"][0]["year"], second["targets"][0]["value"]) == (2027, 100)


def test_risk_tables_with_probability_consequence_and_controls() -> None:
    doc = interpret_text(
        "Internkontrollplan 2024\n\nRisk\n\nRisken att beslut dröjer.\n\n"
        "Riskvärde\tSannolikhet\tKonsekvens\n\t3\t4\n\n"
        "Kontrollmoment\tFrekvens\tMetod\nGranska ärenden.\tHelår\tStickprov.\n\n"
        "## Internkontroll\n\n"
        "Riskområde/ Process\tKontrollmoment\tKontrollansvarig\tFrekvens\tMetod\tRisk- bedömning\n"
        "Arbetsmiljö\tAnalys av tillbud\tHR- konsult\t1 ggr per år\tGenomgång av\t12\n"
        "\t\t\t\tinkomna tillbud\t\n"
    )
    first, second = doc["risks"]
    assert (first["probability"], first["consequence"], first["score"]) == (3, 4, 12)
    assert first["controls"][0]["method"] == "Stickprov."
    assert (
        second["score"] == 12 and second["controls"][0]["method"] == "Genomgång av inkomna tillbud"
    )


def test_budget_and_volume_tables() -> None:
    doc = interpret_text(
        "## Volymer\n\nVolymer\tBokslut 2022\tBudget 2023\n<b>Vård</b>\t\t\n"
        "Antal brukare\t216\t254\n\n## Drift\n\n"
        "(tkr)\tBokslut 2022\tPrognos 2023\tBudget 2024\n"
        "Politik\t- 723\t- 690\t-\n<b>Summa</b>\t<b>- 23 271</b>\t- 1\t- 2\n"
    )
    volume = doc["volumes"][0]
    assert (volume["group"], volume["values"][1]) == (
        "Vård",
        {"year": 2023, "kind": "budget", "value": 254},
    )
    politik, summa = doc["budget"]
    assert politik["values"][0] == {"year": 2022, "kind": "bokslut", "amount": -723}
    assert politik["values"][2]["amount"] is None and politik["unit"] == "tkr"
    assert summa["is_total"] and summa["values"][0]["amount"] == -23271


def test_toc_and_page_furniture_are_unrecognised_not_items() -> None:
    text = (
        "EXEMPEL.SE\n\n# Innehåll\n\nInledning .....\t3\nMål .....\t5\n\n"
        "EXEMPEL.SE\n\n## Mål\n\n3\n\nEXEMPEL.SE\n"
    )
    doc = interpret_text(text)
    texts = [u["text"] for u in doc["unrecognised"]]
    assert texts.count("EXEMPEL.SE") == 3 and "Inledning .....\t3" in texts and "3" in texts
    assert doc["goals"] == [] and doc["budget"] == []


def test_every_block_keeps_its_source_line() -> None:
    doc = interpret_text("# Plan\n\nEtt stycke som inte hör till något.\n\n- en punkt\n")
    lines = sorted(u["source"]["line"] for u in doc["unrecognised"])
    assert lines == [1, 3, 5]


def test_month_headings_make_a_calendar() -> None:
    doc = interpret_text(
        "# Årshjul\n\nText.\n\n## ÖVRIGT UNDER ÅRET\n\n- Avskrivningar\n\n"
        "### JANUARI / FEBRUARI\n\n- Bokslut\n\n### MARS\n\n- Uppföljning\n  - Delpunkt\n\n"
        "### APRIL\n\n- Budget\n"
    )
    assert [(c["month"], c["items"]) for c in doc["calendar"]] == [
        (None, ["Avskrivningar"]),
        (1, ["Bokslut"]),
        (3, ["Uppföljning", "Delpunkt"]),
        (4, ["Budget"]),
    ]


def test_plan_metadata() -> None:
    doc = interpret_text(
        "# Verksamhetsplan 2024 för vuxenverksamheten\n\nDiarienummer SN 2024/0182\n\n"
        "Planen är antagen av socialnämnden den 28 mars 2024.\n\nExempelstads kommun har "
        "ett uppdrag. Exempelstad växer.\n"
    )
    plan = doc["plan"]
    assert (plan["kind"], plan["period"], plan["reference"]) == (
        "verksamhetsplan",
        {"from": 2024, "to": 2024},
        "SN 2024/0182",
    )
    assert plan["adopted"] == {"by": "socialnämnden", "date": "2024-03-28"}
    assert plan["municipality"] == "Exempelstad"


def test_measurable_criterion_becomes_an_indicator() -> None:
    doc = interpret_text(
        "# Uppdragsplan 2017\n\n# Nämndens mål\n\n## Mål 1\n\nTillgängligheten ska öka.\n\n"
        "### Måluppfyllelse\n\n- Nöjdheten enligt brukarenkäter ska i genomsnitt ha minst värdet "
        "8 av maximala 10. Årlig uppföljning.\n- Inte minska under 2017 jämfört med 2016.\n"
    )
    indicator = doc["indicators"][0]
    assert indicator["name"] == "Nöjdheten enligt brukarenkäter"
    assert indicator["targets"][0] | {"text": ""} == {
        "year": 2017,
        "op": ">=",
        "value": 8,
        "relative_to": "absolute",
        "text": "",
    }
    assert indicator["frequency"] == "år"
    assert doc["goals"][0]["criteria"] == ["Inte minska under 2017 jämfört med 2016."]


def test_a_table_continued_on_the_next_page_keeps_its_header() -> None:
    doc = interpret_text(
        "## Mål i uppdragsplan\n\n1. Fler barn ska nås.\n\n"
        "Aktivitet\tAnsvarig\tUppföljning\nSprida information.\tEnhetschef\tHelår.\n\n"
        "Sida 2\n\nUtbilda personal.\tVerksamhetschef\tHalvår.\n"
    )
    assert [a["title"] for a in doc["activities"]] == ["Sprida information.", "Utbilda personal."]
