"""A (year, indicator) index that carries period, value and gender, in place of the index on
year alone.

A follow-up run reads two years of every indicator's values; on PostgreSQL the index holds
all the columns it reads, so a vacuumed table is not visited (an L municipality's 414,000
values: 0.29 s -> 0.14 s in the database). SQLite has no INCLUDE and gets a plain
(year, indicator) index. The index on year alone is covered by the new one and is dropped
by name, so that SQLite does not rebuild the whole table for it (Django would for AlterField).
"""

from django.db import migrations, models

# Django's names for the db_index=True indexes of 0001 (the same on every backend).
YEAR_INDEXES = {
    "followup_measurement": "followup_measurement_year_44e70d3b",
    "followup_historicalmeasurement": "followup_historicalmeasurement_year_3827d8a0",
}


def _drop_year_indexes() -> list[migrations.RunSQL]:
    return [
        migrations.RunSQL(
            f'DROP INDEX IF EXISTS "{index}"',
            reverse_sql=f'CREATE INDEX "{index}" ON "{table}" ("year")',
        )
        for table, index in YEAR_INDEXES.items()
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0006_freeze_activity_statuses_of_closed_periods"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="historicalmeasurement",
                    name="year",
                    field=models.PositiveSmallIntegerField(verbose_name="år"),
                ),
                migrations.AlterField(
                    model_name="measurement",
                    name="year",
                    field=models.PositiveSmallIntegerField(verbose_name="år"),
                ),
            ],
            database_operations=_drop_year_indexes(),
        ),
        migrations.AddIndex(
            model_name="measurement",
            index=models.Index(
                fields=["year", "indicator"],
                include=("period", "value", "gender"),
                name="measurement_year_indicator",
            ),
        ),
    ]
