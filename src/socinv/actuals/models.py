"""The fund's account mapping, and the actual costs (utfall) imported from the general ledger.

:class:`FundAccountMapping` is a fund setting in a table of its own (the ledger's tables are
never rebuilt): per entry type the debit and the credit account of the municipality's chart
that the SIE export books it on. An entry type without a mapping (commitments, typically:
a commitment is a decision, not a payment) is not exported.

:class:`SieImport` records one imported SIE file by its SHA-256 (the same file is refused a
second time); its :class:`ActualCost` rows are the sums of the file's ``#TRANS`` rows per
project (dimension 6), account and month. They are never edited: a correction comes in the
next file.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from socinv.core.ledger import EntryType
from socinv.core.limits import MAX_ACCOUNT, MAX_ENTRY_ORE, MAX_FILE_NAME, MAX_NAME
from socinv.fund.models import Fund, LedgerEntry
from socinv.projects.models import Project
from socinv.web.fields import FreeCharField

ACCOUNT_VALIDATOR = RegexValidator(
    r"^[0-9A-Za-z]+$",
    _("An account number holds digits (and letters) only, e.g. 4690."),
    code="account",
)

# Every entry type but the reversal, which is exported on the accounts of the entry it
# reverses, debit and credit swapped.
MAPPABLE = [(v, label) for v, label in LedgerEntry.Type.choices if v != EntryType.REVERSAL]


class FundAccountMapping(models.Model):
    fund = models.ForeignKey(
        Fund, on_delete=models.CASCADE, related_name="account_mappings", verbose_name=_("fund")
    )
    entry_type = models.CharField(_("entry type"), max_length=20, choices=MAPPABLE)
    debit_account = models.CharField(
        _("debit account"), max_length=MAX_ACCOUNT, validators=[ACCOUNT_VALIDATOR]
    )
    debit_name = FreeCharField(_("debit account's name"), max_length=MAX_NAME)
    credit_account = models.CharField(
        _("credit account"), max_length=MAX_ACCOUNT, validators=[ACCOUNT_VALIDATOR]
    )
    credit_name = FreeCharField(_("credit account's name"), max_length=MAX_NAME)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("account mapping")
        verbose_name_plural = _("account mappings")
        ordering = ["fund", "entry_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "entry_type"], name="account_mapping_once_per_type"
            ),
            models.CheckConstraint(
                condition=~Q(debit_account=F("credit_account")),
                name="account_mapping_two_accounts",
                violation_error_message=_("The debit and the credit account must differ."),
            ),
            models.CheckConstraint(
                condition=~Q(entry_type="reversal"), name="account_mapping_not_reversal"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund}: {self.entry_type} {self.debit_account}/{self.credit_account}"


class SieImport(models.Model):
    fund = models.ForeignKey(
        Fund, on_delete=models.CASCADE, related_name="sie_imports", verbose_name=_("fund")
    )
    filename = FreeCharField(_("file name"), max_length=MAX_FILE_NAME)
    fingerprint = models.CharField(_("fingerprint (SHA-256)"), max_length=64)
    encoding = models.CharField(_("character encoding"), max_length=20)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("SIE import")
        verbose_name_plural = _("SIE imports")
        ordering = ["-imported_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "fingerprint"], name="sie_import_once"),
        ]

    def __str__(self) -> str:
        return self.filename


class ActualCost(models.Model):
    """The actual cost of one project on one account in one month (öre; a credit, such as
    a revenue, is negative)."""

    batch = models.ForeignKey(
        SieImport, on_delete=models.CASCADE, related_name="costs", verbose_name=_("import")
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="actual_costs", verbose_name=_("project")
    )
    account = models.CharField(_("account"), max_length=MAX_ACCOUNT)
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    amount_ore = models.BigIntegerField(_("amount (öre)"))

    class Meta:
        verbose_name = _("actual cost")
        verbose_name_plural = _("actual costs")
        ordering = ["project", "month", "account"]
        indexes = [models.Index(fields=["project", "month"], name="actual_cost_project_month")]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "project", "account", "month"], name="actual_cost_once"
            ),
            models.CheckConstraint(
                condition=Q(amount_ore__lte=MAX_ENTRY_ORE) & Q(amount_ore__gte=-MAX_ENTRY_ORE),
                name="actual_cost_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.account} {self.month:%Y-%m}"
