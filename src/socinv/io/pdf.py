"""HTML + CSS → PDF with WeasyPrint (Django-free).

WeasyPrint is imported only when a PDF is made: it loads Pango through cffi at import
time, and where Pango (or WeasyPrint itself) is missing that import fails. Here that
failure becomes :class:`PdfUnavailable` with a message that says what to install; nothing
else of the application (start-up, other pages, the CLI) is affected.
"""

from __future__ import annotations

_HELP = (
    "PDF export needs WeasyPrint and the Pango library "
    "(pip install 'weasyprint>=62'; Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0)"
)


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs (Pango) cannot be loaded here."""


def _weasyprint():
    try:
        import weasyprint
    except ImportError as exc:  # the package is not installed
        raise PdfUnavailable(f"{_HELP}: {exc}") from exc
    except OSError as exc:  # cffi could not load libpango / libgobject
        raise PdfUnavailable(f"{_HELP}: {exc}") from exc
    return weasyprint


def pdf_available() -> bool:
    """True when :func:`html_to_pdf` can work on this machine (imports WeasyPrint once)."""
    try:
        _weasyprint()
    except PdfUnavailable:
        return False
    return True


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """Render an HTML document (with its ``<style>``) to PDF bytes.

    ``base_url`` resolves relative links and images; charts are best inlined as SVG so
    nothing is fetched. The document's ``<title>`` and ``lang`` become the PDF's title and
    language. Raises :class:`PdfUnavailable` when WeasyPrint cannot load.
    """
    weasyprint = _weasyprint()
    return weasyprint.HTML(string=html, base_url=base_url).write_pdf()
