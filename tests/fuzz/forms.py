"""The pages and their forms, found from the URL configuration and the rendered HTML, and
the generated values posted to them (the fuzz of every form, issue 11)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from hypothesis import strategies as st

# Not pages of socinv's own: Django's admin and the JSON API (fuzzed by schemathesis).
SKIPPED_NAMESPACES = {"admin", "api"}
# Downloads (a PDF takes WeasyPrint a second; none of them holds a form).
DOWNLOAD = re.compile(r"\.(pdf|xlsx|csv|toml)$")
# Logging out ends the persona's session: every later example would post anonymously.
SKIPPED_ACTIONS = {"logout"}
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


@dataclass(frozen=True)
class Route:
    name: str  # namespace:name
    route: str  # e.g. funds/<int:pk>/book/


def routes() -> list[Route]:
    """Every named route of the URL configuration outside the admin and the API."""
    found: list[Route] = []

    def walk(patterns, prefix: str, namespace: str):
        for item in patterns:
            if isinstance(item, URLResolver):
                inner = item.namespace or namespace
                if inner in SKIPPED_NAMESPACES:
                    continue
                walk(item.url_patterns, prefix + str(item.pattern), inner)
            elif isinstance(item, URLPattern) and item.name:
                name = f"{namespace}:{item.name}" if namespace else item.name
                found.append(Route(name, prefix + str(item.pattern)))

    walk(get_resolver().url_patterns, "", "")
    return sorted(found, key=lambda r: r.name)


def page_urls(route: Route, ids: dict[str, list[int]]) -> list[str]:
    """The URLs to GET for a route: each pk it may take in the personas' world. A route
    with a parameter of another kind (a gate's name) is reached only through its forms."""
    if DOWNLOAD.search(route.route) or route.name == "logout":
        return []
    names = PARAMETER.findall(route.route)
    if not names:
        return ["/" + route.route]
    if any(kind != "int" for kind, _name in names):
        return []
    if "funds/" in route.route:
        kinds = "fund"
    elif "attachments/" in route.route:
        kinds = "attachment"
    elif "entries/" in route.route:
        kinds = "entry"
    elif "research/" in route.route:
        kinds = "research"
    else:
        kinds = "project"
    urls = []
    for pk in ids.get(kinds, []) or [1]:
        url = route.route
        for kind, name in names:
            url = url.replace(f"<{kind}:{name}>", str(2026 if name == "year" else pk), 1)
        urls.append("/" + url)
    return urls


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, number, date, hidden, checkbox, radio, select, file, submit...
    value: str = ""
    options: list[str] = field(default_factory=list)
    required: bool = False


@dataclass
class Form:
    page: str
    action: str
    fields: dict[str, Field] = field(default_factory=dict)

    @property
    def target(self) -> str:
        """The route name the form posts to."""
        try:
            return resolve(urlsplit(self.action).path).view_name
        except Resolver404:
            return "?" + self.action

    @property
    def key(self) -> tuple:
        return (self.target, tuple(sorted(self.fields)))


class FormParser(HTMLParser):
    """The ``<form method="post">`` elements of a page and their named fields."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: Field | None = None
        self.textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self.form = Form(self.page, a.get("action") or self.page)
            return
        if self.form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            known = self.form.fields.get(name)
            if kind in {"checkbox", "radio"} and known is not None:
                known.options.append(a.get("value", "on"))
                return
            value = a.get("value", "on" if kind in {"checkbox", "radio"} else "")
            self.form.fields[name] = Field(
                name,
                kind,
                value,
                [value] if kind in {"checkbox", "radio", "submit"} else [],
                "required" in a,
            )
        elif tag == "button" and name:
            known = self.form.fields.setdefault(name, Field(name, "submit"))
            known.options.append(a.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = self.form.fields[name] = Field(
                name, "textarea", required="required" in a
            )
        elif tag == "select" and name:
            self.select = self.form.fields[name] = Field(name, "select", required="required" in a)
        elif tag == "option" and self.select is not None:
            self.select.options.append(a.get("value", ""))
            if "selected" in a:
                self.select.value = a.get("value", "")

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form" and self.form is not None:
            self.forms.append(self.form)
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def forms_of(page: str, html: str) -> list[Form]:
    parser = FormParser(page)
    parser.feed(html)
    return [f for f in parser.forms if f.target not in SKIPPED_ACTIONS]


# --- the generated values ---

HUGE = "x" * 100_000
SPECIALS = [
    "",
    " ",
    "1 234,5",
    "1\u00a0234,50",
    "-1",
    "0",
    "-0,01",
    "0,001",
    str(10**17),
    str(-(10**17)),
    str(10**12 + 1),
    "9" * 30,
    "1e309",
    "NaN",
    "inf",
    "-Infinity",
    "19121212-1212",
    "Ring 191212121212 om saken",
    "\x00",
    "a\x00b",
    "2026-02-30",
    "0001-01-01",
    "9999-12-31",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "١٢٣",
    "\u202eabc",
    "\ud7ff\U0010ffff",
    HUGE,
    "1 234" * 5_000,
]
special = st.sampled_from(SPECIALS)
swedish_decimal = st.decimals(
    min_value=-(10**18), max_value=10**18, places=2, allow_nan=False, allow_infinity=False
).map(lambda d: f"{d:,}".replace(",", " ").replace(".", ","))
integer = st.integers(min_value=-(10**18), max_value=10**18).map(str)
small_integer = st.integers(min_value=-5, max_value=10_000).map(str)
date = st.dates().map(lambda d: d.isoformat())
text = st.text(max_size=60)
upload = st.builds(
    lambda content, name: SimpleUploadedFile(name, content),
    st.one_of(
        st.binary(max_size=300),
        st.sampled_from([b"", b"%PDF-1.4\n", b"PK\x03\x04" + b"\x00" * 40, b"a;b\n1;2\n"]),
    ),
    st.sampled_from(["a.csv", "a.xlsx", "a.toml", "a.pdf", "x.html", "ö ä.txt", "../../x"]),
)


def value_of(f: Field):
    """A strategy for one field: its rendered value, a value of its kind or a hostile one;
    ``None`` leaves the field out of the body."""
    rendered = st.just(f.value)
    if f.name.endswith(".count"):
        # the calculation editor's row counts: bounded (200) by the view, but 200 rows of
        # 150 fields take seconds to render, so they stay small here
        return st.sampled_from([f.value, "0", "-1", "x", "3", ""])
    if f.kind == "file":
        kinds = st.one_of(upload, special)
    elif f.kind in {"select", "checkbox", "radio", "submit"}:
        kinds = st.one_of(st.sampled_from(f.options or [f.value]), rendered, special)
    elif f.kind == "hidden":
        kinds = st.one_of(rendered, rendered, special, small_integer)
    elif f.kind == "number":
        kinds = st.one_of(rendered, integer, small_integer, swedish_decimal, special)
    elif f.kind == "date":
        kinds = st.one_of(rendered, date, special)
    else:
        kinds = st.one_of(rendered, text, swedish_decimal, integer, special)
    return st.one_of(st.none(), kinds) if f.kind != "hidden" else kinds


# The fields one types into (a date keeps its rendered value in a body of one hostile value
# everywhere: else every such body would be refused for its date alone).
TYPED = {"text", "textarea", "number", "email", "search", "tel", "url"}


def bodies(form: Form):
    """A strategy for a whole POST body of ``form`` (fields left out are omitted): each
    field its own value, or one hostile value in every field one types into (the others
    a plausible value: an option, a date), so that e.g. 10**17 reaches the amount of a form that is otherwise
    valid."""
    mixed = st.fixed_dictionaries({name: value_of(f) for name, f in form.fields.items()})

    def plausible(f: Field):
        """A value that passes on its own: an option, a date, the rendered value."""
        real = [o for o in f.options if o]
        if f.kind == "date":
            return st.sampled_from([f.value or "2026-01-15", "2026-01-15"])
        if real and f.kind != "hidden":
            return st.sampled_from(real)
        return st.just(f.value)

    def everywhere(value: str):
        return st.fixed_dictionaries(
            {
                name: st.just(value)
                if f.kind in TYPED and not name.endswith(".count")
                else plausible(f)
                for name, f in form.fields.items()
            }
        )

    return st.one_of(mixed, special.flatmap(everywhere)).map(
        lambda body: {k: v for k, v in body.items() if v is not None}
    )


# Posted first to every form as each persona it is shown to (Hypothesis' explicit
# examples): the values of issue 11 in every field one types into.
# (HUGE only among the generated values: in each of the editor's 150 fields it makes a body
# of 15 MB that takes seconds to post.)
EXPLICIT = [str(10**17), "1 234,5", "19121212-1212", "a\x00b"]


def explicit(form: Form, value: str, *, only_required: bool) -> dict:
    """``value`` in every field one types into, or only in the required ones (the optional
    ones a plain text, an optional number left out: it would else refuse the body for
    itself); the first real option, a date, or the rendered value in the others."""

    def plausible(f: Field) -> str:
        if f.kind == "date":
            return f.value or "2026-01-15"
        if f.kind == "hidden":
            return f.value
        return next((o for o in f.options if o), f.value)

    body = {}
    for name, f in form.fields.items():
        if f.kind not in TYPED or name.endswith(".count"):
            # an optional choice as rendered (often none: a contribution names no project)
            optional = only_required and not f.required and f.kind != "date"
            body[name] = f.value if optional else plausible(f)
        elif f.required or not only_required:
            body[name] = value
        elif f.kind != "number":
            body[name] = "x"  # a plain text where one is optional (a decision's body)
    return body


def shown(body: dict) -> dict:
    """A body as a reproducer shows it: long values abbreviated, files named."""

    def one(value):
        if isinstance(value, SimpleUploadedFile):
            value.seek(0)
            return f"<file {value.name!r} {value.read()[:40]!r}>"
        if isinstance(value, str) and len(value) > 80:
            return f"{value[:20]!r} * ({len(value)} chars)"
        return value

    return {k: one(v) for k, v in body.items()}
