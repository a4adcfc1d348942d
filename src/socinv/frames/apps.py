"""Budget frames (budgetram) per board and year, and the frame reductions (ramminskning)
that the fund's repayments are: the budget process's page and workbook."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from socinv.audit.sources import Source


class FramesConfig(AppConfig):
    name = "socinv.frames"
    label = "frames"
    verbose_name = _("Budget frames")
    default_auto_field = "django.db.models.BigAutoField"
    audit_sources = [Source("BudgetFrame", via="board")]
    demo_loaders = [(70, "socinv.frames.demo.load")]
