"""The limits of one entry (socinv.core.limits): the amount at most MAX_ENTRY_ORE, the
number at most MAX_LEDGER_ENTRIES, the note at most MAX_NOTE characters, as CHECK
constraints on both engines; the fund's and the entries' texts bounded and guarded.

SQLite adds a constraint by rebuilding the table, which drops the append-only triggers of
0003: they are created again at the end (and, going back, at the start's reverse).
Existing rows beyond a limit stop the migration with their numbers, before anything
changes (a ledger is never rewritten silently)."""

import importlib

import django.db.models.functions.text
import django.db.models.lookups
from django.conf import settings
from django.db import migrations, models
from django.db.models import Q
from django.db.models.functions import Length

import socinv.web.validators
from socinv.core.limits import MAX_ENTRY_ORE, MAX_LEDGER_ENTRIES, MAX_NOTE

TRIGGERS = importlib.import_module("socinv.fund.migrations.0003_append_only_triggers")


def refuse_rows_beyond_the_limits(apps, schema_editor):
    entry = apps.get_model("fund", "LedgerEntry")
    beyond = (
        entry.objects.annotate(note_length=Length("note"))
        .filter(
            Q(amount_ore__gt=MAX_ENTRY_ORE)
            | Q(seq__gt=MAX_LEDGER_ENTRIES)
            | Q(note_length__gt=MAX_NOTE)
        )
        .order_by("fund_id", "seq")
        .values_list("fund_id", "seq")
    )
    found = list(beyond[:20])
    if found:
        where = ", ".join(f"fund {fund} entry {seq}" for fund, seq in found)
        raise RuntimeError(
            f"ledger entries beyond socinv.core.limits ({where}); the ledger is append-only, "
            "so they cannot be changed here: export the fund and ask for help"
        )


def recreate_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return  # PostgreSQL keeps its triggers through ALTER TABLE
    for sql in TRIGGERS.SQLITE_DOWN:
        schema_editor.execute(sql.replace("DROP TRIGGER ", "DROP TRIGGER IF EXISTS "))
    for sql in TRIGGERS.SQLITE:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("fund", "0003_append_only_triggers"),
        ("organisation", "0001_initial"),
        ("projects", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(refuse_rows_beyond_the_limits, recreate_sqlite_triggers),
        migrations.AlterField(
            model_name="fund",
            name="decision_body",
            field=models.CharField(
                blank=True,
                max_length=300,
                validators=[socinv.web.validators.NoPersonalNumber()],
                verbose_name="decided by",
            ),
        ),
        migrations.AlterField(
            model_name="fund",
            name="decision_dnr",
            field=models.CharField(
                blank=True,
                max_length=300,
                validators=[socinv.web.validators.NoPersonalNumber()],
                verbose_name="registration number (dnr)",
            ),
        ),
        migrations.AlterField(
            model_name="fund",
            name="name",
            field=models.CharField(
                max_length=200,
                validators=[socinv.web.validators.NoPersonalNumber()],
                verbose_name="name",
            ),
        ),
        migrations.AlterField(
            model_name="historicalfund",
            name="decision_body",
            field=models.CharField(
                blank=True,
                max_length=300,
                validators=[socinv.web.validators.NoPersonalNumber()],
                verbose_name="decided by",
            ),
        ),
        migrations.AlterField(
            model_name="historicalfund",
            name="decision_dnr",
            field=models.CharField(
                blank=True,
                max_length=300,
                validators=[socinv.web.validators.NoPersonalNumber()],
                verbose_name="registration number (dnr)",
            ),
        ),
        migrations.AlterField(
            model_name="historicalfund",
            name="name",
            field=models.CharField(
                max_length=200,
                validators=[socinv.web.validators.NoPersonalNumber()],
                verbose_name="name",
            ),
        ),
        migrations.AlterField(
            model_name="historicalwritedownrule",
            name="project_type",
            field=models.CharField(
                max_length=30,
                validators=[socinv.web.validators.NoPersonalNumber()],
                verbose_name="project type",
            ),
        ),
        migrations.AlterField(
            model_name="ledgerentry",
            name="decision_body",
            field=models.CharField(
                blank=True,
                max_length=300,
                validators=[socinv.web.validators.NoPersonalNumber()],
                verbose_name="decided by",
            ),
        ),
        migrations.AlterField(
            model_name="ledgerentry",
            name="decision_dnr",
            field=models.CharField(
                blank=True,
                max_length=300,
                validators=[socinv.web.validators.NoPersonalNumber()],
                verbose_name="registration number (dnr)",
            ),
        ),
        migrations.AlterField(
            model_name="ledgerentry",
            name="note",
            field=models.TextField(
                blank=True,
                max_length=2000,
                validators=[socinv.web.validators.NoPersonalNumber()],
                verbose_name="note",
            ),
        ),
        migrations.AlterField(
            model_name="writedownrule",
            name="project_type",
            field=models.CharField(
                max_length=30,
                validators=[socinv.web.validators.NoPersonalNumber()],
                verbose_name="project type",
            ),
        ),
        migrations.AddConstraint(
            model_name="ledgerentry",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount_ore__lte", 1000000000000)),
                name="ledger_amount_at_most_max",
            ),
        ),
        migrations.AddConstraint(
            model_name="ledgerentry",
            constraint=models.CheckConstraint(
                condition=models.Q(("seq__lte", 1000000)), name="ledger_seq_at_most_max"
            ),
        ),
        migrations.AddConstraint(
            model_name="ledgerentry",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("note"), 2000
                ),
                name="ledger_note_length",
            ),
        ),
        migrations.RunPython(recreate_sqlite_triggers, migrations.RunPython.noop),
    ]
