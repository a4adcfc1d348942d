"""Money and dates in the active language: ``{{ entry.amount_ore|kr }}`` gives
``1 234 567 kr`` in Swedish (no-break spaces) and ``SEK 1,234,567`` in English; öre are
shown only when there are any (``1 234 567,50 kr``). ``{{ value|kronor }}`` formats an
amount already in kronor (the calculation's floats), ``{{ d|iso }}`` a date as YYYY-MM-DD.
"""

from __future__ import annotations

import datetime

from django import template

from socinv.l10n import format_money, format_number, format_percent
from socinv.web.i18n import current_lang, ore_to_text
from socinv.web.people import display_name

register = template.Library()


@register.filter
def kr(ore):
    """Öre (int) → money text in the active language."""
    return ore_to_text(ore)


@register.filter
def kronor(value):
    """Kronor (float, from the calculation) → whole kronor in the active language."""
    if value is None or value == "":
        return "–"
    return format_money(round(float(value)), current_lang())


@register.filter
def number(value, decimals=2):
    if value is None or value == "":
        return "–"
    return format_number(float(value), int(decimals), current_lang())


@register.filter
def percent(fraction, decimals=1):
    if fraction is None or fraction == "":
        return "–"
    return format_percent(float(fraction), int(decimals), current_lang())


@register.filter
def iso(value):
    """A date (or datetime) as ISO 8601: 2026-03-01 (2026-03-01 14:05 for a datetime)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def with_aria(bound_field):
    """Render a field's widget with its help text and errors linked by aria-describedby
    (ids ``<id>_helptext`` and ``<id>_error``, as written by fund/partials/field.html)."""
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}_error")
    attrs = {}
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    return bound_field.as_widget(attrs=attrs)


@register.filter(name="chart_img")
def chart_img_filter(svg):
    """An SVG chart → ``<img>`` with a data: URI and its title as alt (socinv.web.charts)."""
    from socinv.web.charts import chart_img

    return chart_img(svg or "")


@register.filter
def person(user):
    """A user → their full name, else the username (:func:`socinv.web.people.display_name`)."""
    return display_name(user)
