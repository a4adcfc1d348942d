"""An indicator's values in a template, in its unit's precision (:mod:`socinv.followup.values`):
``{{ m.value|indicator_value:f.indicator }}`` → ``60 %``, ``4 800 000 kr``, ``60``;
``{{ f.change|indicator_change:f.indicator }}`` → ``8 procentenheter``;
``{{ f.did.low|indicator_change_number:f.indicator }}`` → ``2,1`` (without the unit);
``{{ f.relative_change|indicator_percent }}`` → ``15 %``."""

from __future__ import annotations

from django import template

from socinv.followup import values
from socinv.web.i18n import current_lang

register = template.Library()


@register.filter
def indicator_value(value, indicator):
    return values.value_text(indicator, value, current_lang())


@register.filter
def indicator_change(change, indicator):
    return values.change_text(indicator, change, current_lang())


@register.filter
def indicator_change_number(change, indicator):
    return values.change_number(indicator, change, current_lang())


@register.filter
def indicator_percent(fraction):
    return values.percent_text(fraction, current_lang())
