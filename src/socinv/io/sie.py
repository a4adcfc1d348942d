"""SIE 4 files: a small reader and writer of our own (Django-free).

SIE is the Swedish exchange format between accounting programs (SIE-gruppen, *SIE filformat
version 4B*). What is followed here:

- Encoding: IBM PC 8-bit, codepage 437 (``#FORMAT PC8``). Real files break this: a file that
  is valid UTF-8 with bytes above 127 is read as UTF-8, a file whose high bytes are Latin-1
  letters (å ä ö in Latin-1 and none in CP437, as Windows programs write) as
  Windows-1252, each with a warning.
- One record per line beginning with ``#LABEL``; fields separated by spaces or tabs; CRLF,
  LF or CR. A field is quoted when it holds a space (the writer also quotes a tab, a brace
  or a quote); ``""`` is an empty field; ``\\"`` is a quote inside a field; a backslash not
  followed by a quote stays literal.
- Dates ``YYYYMMDD``; amounts with ``.`` as the decimal point, at most two decimals,
  ``-`` for credit, read as :class:`~decimal.Decimal`; every ``#VER`` sums to 0.00.
- ``#VER serie vernr verdatum vertext`` then ``{`` and ``}`` on lines of their own, with
  ``#TRANS kontonr {objektlista} belopp [transdat [transtext]]`` between them. Only
  ``#TRANS`` rows count: ``#RTRANS`` (added afterwards, repeated as a ``#TRANS``) and
  ``#BTRANS`` (struck) are read past.
- Object lists ``{1 "Nord" 6 "0001"}``: dimension numbers and codes quoted or bare, ``{}``
  when empty, the braces sometimes left out by the writing program (then the row has no
  objects). Codes are text: ``0015`` keeps its zeros.
- ``#KSUMMA``: a CRC-32 over the records between the first (empty) ``#KSUMMA`` and the last
  one, their labels and field contents without separators, quotes, braces or line ends;
  checked when present (the first ``#KSUMMA`` label itself is not summed).
- The personnummer guard: a field holding one refuses the file (it is named by its line
  only). ``#ORGNR``, the number of the ledger's owner, is read past: a sole trader's is a
  personnummer, and it is never stored.

:func:`read` never raises on bad input: it returns what it could read with every problem
(a reason to refuse) and warning as an :class:`Issue` (a stable code, the line, the values
a message needs; :mod:`socinv.l10n.sie` words them). No issue quotes a personnummer: a field
holding one is reported by its line only. :func:`write` returns the bytes of a file.
"""

from __future__ import annotations

import datetime
import re
import zlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from socinv.core.limits import MAX_SIE_FILE_BYTES
from socinv.core.personnummer import contains_personal_number

__all__ = [
    "Issue",
    "ReadResult",
    "SieFile",
    "Trans",
    "Voucher",
    "decode",
    "read",
    "tokens",
    "write",
]

ENCODING = "cp437"
CENT = Decimal("0.01")
MAX_ISSUES = 200  # issues kept of each kind; the rest are counted
HEAD_LABELS = ("#FLAGGA", "#PROGRAM", "#FORMAT", "#GEN", "#SIETYP")
_AMOUNT = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_DECIMAL_FIELD = re.compile(r"-?[0-9]+\.[0-9]+")  # an amount or quantity: no personnummer
# å ä ö Å Ä Ö é É ü in CP437 and in Latin-1: a file with none of CP437's but some of
# Latin-1's is read as Latin-1 (Windows-1252); a CP437 file with no Swedish letter but box
# drawing or Greek letters (0xC0-0xFF) would be taken for Latin-1, which no writer does.
_PC8_LETTERS = frozenset(b"\x86\x84\x94\x8f\x8e\x99\x82\x90\x81")
_LATIN_LETTERS = frozenset(b"\xe5\xe4\xf6\xc5\xc4\xd6\xe9\xc9\xfc")
_LINE_END = re.compile(r"\r\n|\n|\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Issue:
    """A problem (the file is refused) or a warning, by code; ``line`` is 1-based."""

    code: str
    line: int | None = None
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Trans:
    """One ``#TRANS`` row: an account, its objects ``((dimension, code), …)``, an amount
    (positive debit, negative credit)."""

    account: str
    amount: Decimal
    objects: tuple[tuple[str, str], ...] = ()
    date: datetime.date | None = None
    text: str = ""
    line: int = 0

    def object(self, dimension: str) -> str | None:
        for dim, code in self.objects:
            if dim == dimension:
                return code
        return None


@dataclass
class Voucher:
    """One ``#VER``; ``series`` and ``number`` may be empty (a 4I file leaves them to the
    receiving ledger)."""

    series: str
    number: str
    date: datetime.date
    text: str = ""
    rows: list[Trans] = field(default_factory=list)
    line: int = 0

    @property
    def total(self) -> Decimal:
        return sum((r.amount for r in self.rows), Decimal("0"))


@dataclass
class SieFile:
    company: str = ""
    orgnr: str = ""
    program: tuple[str, str] = ("socinv", "")
    format: str = "PC8"
    sietyp: str = "4"
    flag: str = "0"
    generated: datetime.date | None = None
    # year index (0 this year, -1 the one before) -> (first day, last day)
    fiscal_years: dict[int, tuple[datetime.date, datetime.date]] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=dict)  # account -> name
    dimensions: dict[str, str] = field(default_factory=dict)  # dimension -> name
    objects: dict[tuple[str, str], str] = field(default_factory=dict)  # (dim, code) -> name
    vouchers: list[Voucher] = field(default_factory=list)
    currency: str = ""


@dataclass
class ReadResult:
    sie: SieFile
    encoding: str
    problems: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    more_problems: int = 0  # problems beyond MAX_ISSUES, counted only
    personal_number: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


# Reading ------------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str, list[Issue]]:
    """``(text, encoding, warnings)``: CP437 as declared, else the fallback the bytes show."""
    warnings: list[Issue] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        text = data.decode("utf-8", errors="replace")
        encoding = "utf-8"
    elif max(data, default=0) < 0x80:
        return data.decode("ascii"), ENCODING, warnings
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pc8 = sum(1 for b in data if b in _PC8_LETTERS)
            latin = sum(1 for b in data if b in _LATIN_LETTERS)
            if latin and not pc8:
                text, encoding = data.decode("cp1252", errors="replace"), "latin-1"
            else:
                return data.decode(ENCODING), ENCODING, warnings
    warnings.append(Issue("encoding_fallback", None, {"encoding": encoding.upper()}))
    lost = text.count("\ufffd")
    if lost:
        warnings.append(Issue("replacement_characters", None, {"count": lost}))
    return text, encoding, warnings


def tokens(line: str) -> list[str | list[str]]:
    """The fields of one record line; an object list ``{…}`` is one field, a list of its
    items. Raises :class:`ValueError` for an object list that is not closed."""
    out: list[str | list[str]] = []
    i, n = 0, len(line)
    current: list[str] | None = None
    while i < n:
        c = line[i]
        if c in " \t":
            i += 1
            continue
        if c == "{" and current is None:
            current = []
            i += 1
            continue
        if c == "}" and current is not None:
            out.append(current)
            current = None
            i += 1
            continue
        if c == '"':
            buf = []
            i += 1
            while i < n:
                ch = line[i]
                if ch == "\\" and i + 1 < n and line[i + 1] == '"':
                    buf.append('"')
                    i += 2
                    continue
                i += 1
                if ch == '"':
                    break
                buf.append(ch)
            value = "".join(buf)
        else:
            j = i
            while j < n and line[j] not in " \t{}":
                j += 1
            if j == i:  # a stray brace
                j += 1
            value, i = line[i:j], j
        (out if current is None else current).append(value)
    if current is not None:
        raise ValueError("unclosed object list")
    return out


def _date(text: str) -> datetime.date | None:
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def _amount(text: str) -> Decimal | None:
    if not _AMOUNT.fullmatch(text):
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None
    return value


def _text_of(field_value: str | list[str]) -> str:
    return " ".join(field_value) if isinstance(field_value, list) else field_value


class _Reader:
    def __init__(self, text: str, encoding: str, warnings: list[Issue]):
        self.result = ReadResult(SieFile(), encoding, warnings=list(warnings))
        self.text = text
        self.voucher: Voucher | None = None
        self.awaiting_brace = False
        self.labels: set[str] = set()
        self.not_records: list[int] = []
        self.ksumma_open = False
        self.crc = 0
        self.ksumma_value: tuple[str, int] | None = None

    def problem(self, code: str, line: int | None, **params) -> None:
        if len(self.result.problems) < MAX_ISSUES:
            self.result.problems.append(Issue(code, line, params))
        else:
            self.result.more_problems += 1

    def warn(self, code: str, line: int | None, **params) -> None:
        if len(self.result.warnings) < MAX_ISSUES:
            self.result.warnings.append(Issue(code, line, params))

    def run(self) -> ReadResult:
        lines = _LINE_END.split(self.text)
        for number, raw in enumerate(lines, start=1):
            self.line(number, raw)
        if self.voucher is not None:
            self.problem("unclosed_voucher", self.voucher.line, **self._ver_params(self.voucher))
        sie_labels = self.labels & set(HEAD_LABELS)
        if not self.labels and not self.text.strip():
            self.problem("empty_file", None)
        elif not sie_labels:
            self.result.problems.insert(0, Issue("not_sie", None, {"lines": len(self.not_records)}))
        elif self.not_records:
            first = self.not_records[0]
            self.warn("not_a_record", first, count=len(self.not_records))
        if self.ksumma_value is not None:
            declared, line = self.ksumma_value
            if declared != str(self.crc):
                self.problem("ksumma_mismatch", line, declared=declared, computed=self.crc)
        return self.result

    def _ver_params(self, v: Voucher) -> dict:
        return {"series": v.series or '""', "number": v.number or '""'}

    def line(self, number: int, raw: str) -> None:
        stripped = raw.strip().strip("\x1a")
        if not stripped:
            return
        if _CONTROL.search(stripped):
            self.warn("control_characters", number)
            stripped = _CONTROL.sub(" ", stripped).strip()
        if stripped == "{":
            if self.awaiting_brace:
                self.awaiting_brace = False
            else:
                self.problem("stray_brace", number, brace="{")
            return
        if stripped == "}":
            if self.voucher is None:
                self.problem("stray_brace", number, brace="}")
                return
            self._close_voucher()
            return
        if not stripped.startswith("#"):
            self.not_records.append(number)
            return
        try:
            fields = tokens(stripped)
        except ValueError:
            self.problem("unclosed_object_list", number)
            return
        label = str(fields[0]).upper()
        args = fields[1:]
        if label != "#ORGNR":  # the ledger owner's own number, never stored (a sole
            # trader's is a personnummer); every other field is checked
            self._personal_numbers(number, args)
        self._checksum(label, args, number)
        self.labels.add(label)
        if self.awaiting_brace:
            v = self.voucher
            assert v is not None
            self.problem("missing_open_brace", v.line, **self._ver_params(v))
            self.awaiting_brace = False
        if self.voucher is not None:
            if label == "#TRANS":
                self._trans(number, args)
            elif label in ("#RTRANS", "#BTRANS"):
                pass
            elif label == "#VER":
                self.problem(
                    "unclosed_voucher", self.voucher.line, **self._ver_params(self.voucher)
                )
                self._close_voucher()
                self._ver(number, args)
            else:
                self.warn("unexpected_in_voucher", number, label=label)
            return
        handler = getattr(self, "_" + label[1:].lower(), None)
        if label in ("#TRANS", "#RTRANS", "#BTRANS"):
            self.problem("row_outside_voucher", number, label=label)
        elif handler is not None:
            handler(number, args)

    # the records ------------------------------------------------------------------------

    def _flagga(self, number, args):
        self.result.sie.flag = _text_of(args[0]) if args else ""

    def _program(self, number, args):
        vals = [_text_of(a) for a in args] + ["", ""]
        self.result.sie.program = (vals[0], vals[1])

    def _format(self, number, args):
        fmt = _text_of(args[0]).upper() if args else ""
        self.result.sie.format = fmt
        if fmt != "PC8":
            self.warn("format_not_pc8", number, format=fmt or '""')

    def _gen(self, number, args):
        self.result.sie.generated = _date(_text_of(args[0])) if args else None

    def _sietyp(self, number, args):
        self.result.sie.sietyp = _text_of(args[0]) if args else ""

    def _fnamn(self, number, args):
        self.result.sie.company = _text_of(args[0]) if args else ""

    def _orgnr(self, number, args):
        self.result.sie.orgnr = _text_of(args[0]) if args else ""

    def _valuta(self, number, args):
        self.result.sie.currency = _text_of(args[0]) if args else ""

    def _rar(self, number, args):
        if len(args) < 3:
            self.warn("bad_record", number, label="#RAR")
            return
        first, last = _date(_text_of(args[1])), _date(_text_of(args[2]))
        try:
            index = int(_text_of(args[0]))
        except ValueError:
            index = None
        if first is None or last is None or index is None:
            self.warn("bad_record", number, label="#RAR")
            return
        self.result.sie.fiscal_years[index] = (first, last)

    def _konto(self, number, args):
        if args:
            name = _text_of(args[1]) if len(args) > 1 else ""
            self.result.sie.accounts[_text_of(args[0])] = name

    def _dim(self, number, args):
        if args:
            name = _text_of(args[1]) if len(args) > 1 else ""
            self.result.sie.dimensions[_text_of(args[0])] = name

    def _underdim(self, number, args):
        self._dim(number, args)

    def _objekt(self, number, args):
        if len(args) >= 2:
            name = _text_of(args[2]) if len(args) > 2 else ""
            self.result.sie.objects[(_text_of(args[0]), _text_of(args[1]))] = name

    def _ver(self, number, args):
        vals = [_text_of(a) for a in args]
        series = vals[0] if vals else ""
        num = vals[1] if len(vals) > 1 else ""
        when = _date(vals[2]) if len(vals) > 2 else None
        v = Voucher(series, num, when or datetime.date.min, vals[3] if len(vals) > 3 else "")
        v.line = number
        if when is None:
            self.problem(
                "bad_date",
                number,
                text=vals[2] if len(vals) > 2 else '""',
                **self._ver_params(v),
            )
        self.voucher = v
        self.awaiting_brace = True

    def _trans(self, number, args):
        v = self.voucher
        assert v is not None
        if not args:
            self.problem("bad_trans", number, **self._ver_params(v))
            return
        account = _text_of(args[0])
        rest = list(args[1:])
        objects: tuple[tuple[str, str], ...] = ()
        if rest and isinstance(rest[0], list):
            items = rest.pop(0)
            if len(items) % 2:
                self.problem("bad_objects", number, **self._ver_params(v))
                return
            objects = tuple((items[i], items[i + 1]) for i in range(0, len(items), 2))
        elif rest and rest[0] == "" and len(rest) > 1:
            rest.pop(0)  # "" in place of {}
        if not rest:
            self.problem("bad_trans", number, **self._ver_params(v))
            return
        text = _text_of(rest[0])
        amount = _amount(text)
        if amount is None:
            self.problem("bad_amount", number, text=text, **self._ver_params(v))
            return
        if amount != amount.quantize(CENT):
            self.problem("amount_decimals", number, text=text, **self._ver_params(v))
            return
        when = None
        if len(rest) > 1 and _text_of(rest[1]):
            when = _date(_text_of(rest[1]))
            if when is None:
                self.problem("bad_date", number, text=_text_of(rest[1]), **self._ver_params(v))
        row_text = _text_of(rest[2]) if len(rest) > 2 else ""
        v.rows.append(Trans(account, amount, objects, when, row_text, number))

    def _close_voucher(self):
        v = self.voucher
        assert v is not None
        if v.total != 0:
            self.problem("unbalanced", v.line, total=v.total, **self._ver_params(v))
        self.result.sie.vouchers.append(v)
        self.voucher = None

    # guards -------------------------------------------------------------------------------

    def _personal_numbers(self, number: int, args) -> None:
        for a in args:
            for value in a if isinstance(a, list) else [a]:
                if _DECIMAL_FIELD.fullmatch(value):
                    continue
                if contains_personal_number(value):
                    self.result.personal_number = True
                    self.problem("personal_number", number)
                    return

    def _checksum(self, label: str, args, number: int) -> None:
        if label == "#KSUMMA":
            if not self.ksumma_open:
                self.ksumma_open = True
                self.crc = 0
                return
            self.ksumma_value = (_text_of(args[0]) if args else "", number)
            self.ksumma_open = False
            return
        if self.ksumma_open:
            parts = [label] + [p for a in args for p in (a if isinstance(a, list) else [a])]
            self.crc = zlib.crc32("".join(parts).encode(ENCODING, errors="replace"), self.crc)


def read(data: bytes) -> ReadResult:
    """Read a SIE file's bytes; never raises on bad input (see :class:`ReadResult`)."""
    if len(data) > MAX_SIE_FILE_BYTES:
        result = ReadResult(SieFile(), "")
        result.problems.append(Issue("too_large", None, {"limit_mb": MAX_SIE_FILE_BYTES // 2**20}))
        return result
    text, encoding, warnings = decode(data)
    return _Reader(text, encoding, warnings).run()


# Writing ------------------------------------------------------------------------------------

_PLAIN = str.maketrans(
    {
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u2026": "...",
        "\u00a0": " ",
        "\u202f": " ",
    }
)


def plain(text: str) -> str:
    """``text`` as a field can hold it: one line (control characters and line ends as one
    space), typographic dashes and quotes as ASCII, what CP437 lacks as ``?``, and no
    backslash before the closing quote (it would read as an escaped quote: it becomes ``/``)."""
    text = _CONTROL.sub(" ", text.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))
    text = text.translate(_PLAIN)
    text = text.encode(ENCODING, errors="replace").decode(ENCODING)
    if text.endswith("\\"):
        text = text[:-1] + "/"
    return text


def quote(value: str, always: bool = False) -> str:
    value = plain(value)
    if not value:
        return '""'
    if always or any(c in value for c in ' "{}') or value.startswith("#"):
        return '"' + value.replace('"', '\\"') + '"'
    return value


def _date_field(d: datetime.date) -> str:
    return d.strftime("%Y%m%d")


def amount_field(amount: Decimal) -> str:
    return f"{amount.quantize(CENT):.2f}"


def write(sie: SieFile) -> bytes:
    """The file as bytes (CP437, CRLF), records in the order the specification lists them."""
    out: list[str] = [
        f"#FLAGGA {quote(sie.flag or '0')}",
        f"#PROGRAM {quote(sie.program[0])} {quote(sie.program[1])}",
        "#FORMAT PC8",
    ]
    if sie.generated is not None:
        out.append(f"#GEN {_date_field(sie.generated)}")
    out.append(f"#SIETYP {quote(sie.sietyp)}")
    if sie.orgnr:
        out.append(f"#ORGNR {quote(sie.orgnr)}")
    out.append(f"#FNAMN {quote(sie.company, always=True)}")
    for index, (first, last) in sorted(sie.fiscal_years.items(), reverse=True):
        out.append(f"#RAR {index} {_date_field(first)} {_date_field(last)}")
    if sie.currency:
        out.append(f"#VALUTA {quote(sie.currency)}")
    for account, name in sorted(sie.accounts.items()):
        out.append(f"#KONTO {quote(account)} {quote(name, always=True)}")
    for dim, name in sorted(sie.dimensions.items(), key=lambda kv: (len(kv[0]), kv[0])):
        out.append(f"#DIM {quote(dim)} {quote(name, always=True)}")
    for (dim, code), name in sorted(sie.objects.items(), key=lambda kv: (len(kv[0][0]), kv[0])):
        out.append(f"#OBJEKT {quote(dim)} {quote(code, always=True)} {quote(name, always=True)}")
    for v in sie.vouchers:
        out.append(
            f"#VER {quote(v.series, always=True)} {quote(v.number, always=True)} "
            f"{_date_field(v.date)} {quote(v.text, always=True)}"
        )
        out.append("{")
        for r in v.rows:
            objs = " ".join(f"{quote(d)} {quote(c, always=True)}" for d, c in r.objects)
            line = f"   #TRANS {quote(r.account)} {{{objs}}} {amount_field(r.amount)}"
            if r.date is not None or r.text:
                line += " " + (_date_field(r.date) if r.date else '""')
            if r.text:
                line += f" {quote(r.text, always=True)}"
            out.append(line)
        out.append("}")
    return ("\r\n".join(out) + "\r\n").encode(ENCODING, errors="replace")
