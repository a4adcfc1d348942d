"""``{% once_field form %}`` inside every form that writes money or a decision: the hidden
one-time token of :mod:`socinv.web.once`. A form shown again after a refusal (bound) keeps
the token it was sent with, so the corrected form is still the same rendered form."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from socinv.web import once

register = template.Library()


@register.simple_tag(takes_context=True)
def once_field(context, form=None):
    request = context["request"]
    value = once.posted_token(request) if getattr(form, "is_bound", False) else None
    return format_html(
        '<input type="hidden" name="{}" value="{}">', once.FIELD, value or once.issue(request.user)
    )
