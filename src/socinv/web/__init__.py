"""What every page shares: form fields and the refusal on a form, the active language,
the template filters for money and dates, and the discovery of the apps' hooks. Imports
nothing of ours but the core and l10n, so that every app may use it."""
