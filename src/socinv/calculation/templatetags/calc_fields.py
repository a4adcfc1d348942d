"""``{% calc_input f numeric %}``: one text input of the calculation editor, the markup of
``calculation/partials/input.html`` rendered in Python. The editor's page has several
hundred of them (every distribution's fields of every uncertain value), and an
``{% include %}`` each made the page's template take most of the time of a save."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def calc_input(f: dict, numeric=False) -> str:
    errors = f.get("errors") or []
    required = f.get("required")
    help_text = f.get("help")
    describedby = f.get("describedby")
    label = format_html(
        '<label for="{}">{}{}</label>',
        f["id"],
        f["label"],
        format_html(' <span class="required">({})</span>', gettext("required")) if required else "",
    )
    error = (
        format_html(
            '<p class="field-error" id="{}-error"><strong>{}</strong> {}</p>',
            f["id"],
            gettext("Error:"),
            " ".join(str(e) for e in errors),
        )
        if errors
        else ""
    )
    attrs = format_html_join(
        "",
        "{}",
        (
            (a,)
            for a in (
                mark_safe(' inputmode="decimal"') if numeric else "",
                format_html(' aria-describedby="{}"', describedby) if describedby else "",
                mark_safe(' aria-invalid="true"') if errors else "",
                mark_safe(" required") if required else "",
            )
        ),
    )
    value = f.get("value")  # as the template showed it (the editor gives a string)
    field = format_html(
        '<input type="text" id="{}" name="{}" value="{}"{}>',
        f["id"],
        f.get("post_name") or f["name"],
        value,
        attrs,
    )
    help_html = (
        format_html('<p class="help" id="{}-help">{}</p>', f["id"], help_text) if help_text else ""
    )
    return format_html(
        '<div class="field{}">\n  {}\n  {}\n  {}\n  {}\n</div>\n',
        " has-error" if errors else "",
        label,
        error,
        field,
        help_html,
    )
