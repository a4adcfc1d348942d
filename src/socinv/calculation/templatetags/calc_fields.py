"""``{% calc_input f numeric %}``: one text input of the calculation editor, the markup of
``calculation/partials/input.html`` rendered in Python. The editor's page has several
hundred of them (every distribution's fields of every uncertain value), and an
``{% include %}`` each made the page's template take most of the time of a save. Plain
string building with the escaping of Django's ``conditional_escape`` (``format_html``'s
lazy-argument checks alone cost a tenth of a second on that page)."""

from __future__ import annotations

import html

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


def _esc(value) -> str:
    """As ``conditional_escape``: safe strings as they are, anything else escaped."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


@register.simple_tag
def calc_input(f: dict, numeric=False) -> str:
    errors = f.get("errors") or []
    required = f.get("required")
    help_text = f.get("help")
    describedby = f.get("describedby")
    fid = _esc(f["id"])
    parts = [f'<div class="field{" has-error" if errors else ""}">\n  ']
    parts.append(f'<label for="{fid}">{_esc(f["label"])}')
    if required:
        parts.append(f' <span class="required">({_esc(gettext("required"))})</span>')
    parts.append("</label>\n  ")
    if errors:
        parts.append(
            f'<p class="field-error" id="{fid}-error"><strong>{_esc(gettext("Error:"))}</strong> '
            f"{' '.join(_esc(e) for e in errors)}</p>"
        )
    name = f.get("post_name") or f["name"]
    parts.append(
        f'\n  <input type="text" id="{fid}" name="{_esc(name)}" value="{_esc(f.get("value"))}"'
    )
    if numeric:
        parts.append(' inputmode="decimal"')
    if describedby:
        parts.append(f' aria-describedby="{_esc(describedby)}"')
    if errors:
        parts.append(' aria-invalid="true"')
    if required:
        parts.append(" required")
    parts.append(">\n  ")
    if help_text:
        parts.append(f'<p class="help" id="{fid}-help">{_esc(help_text)}</p>')
    parts.append("\n</div>\n")
    return mark_safe("".join(parts))  # every value above is escaped
