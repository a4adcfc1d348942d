"""``socinv demo``: load the demo data into an empty database (see :mod:`socinv.demo`)."""

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from socinv.demo.services import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo (Exempelkommun, its fund, eight projects, a ledger 2023–2026 and a "
        "user for every role) into an empty database. Does nothing when the database "
        "already holds an organisation."
    )
    leave_locale_alone = True  # speak the site's language (Swedish by default)

    def handle(self, *args, **options):
        # the demo's decisions were made years ago: nobody is e-mailed about them now
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            load_demo(self.stdout)
