"""The upper bounds of what the system accepts, once for every door (the web form, the
API schema, the model, the database's CHECK, the command line and the file readers).

An append-only ledger makes every bad write permanent, so each bound is checked before
anything is written. Amounts are in öre.
"""

from __future__ import annotations

# Money -----------------------------------------------------------------------------------
MAX_ENTRY_KRONOR = 10_000_000_000  # one ledger entry: at most 10 000 000 000 kr
MAX_ENTRY_ORE = MAX_ENTRY_KRONOR * 100  # 10**12 öre; a fund's sums stay far below 2**63

# Texts (characters) ------------------------------------------------------------------------
MAX_NAME = 200  # a name or title (a project, a board, a fund, a stakeholder)
MAX_SHORT_TEXT = 300  # one line: a decision body, a dnr, an author, a reference
MAX_NOTE = 2_000  # a ledger note, a comment, a condition
MAX_TEXT = 20_000  # a free text: an idea's need, a description, an evaluation entry

# Files (bytes) ----------------------------------------------------------------------------
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # an uploaded file as sent
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024  # all members of a zip-based file (xlsx) together
MAX_COMPRESSION_RATIO = 100  # one member's uncompressed size against its compressed size

# Uploads (branch uploads) -------------------------------------------------------------------
MAX_CELL_CHARS = 32_767  # one cell of an xlsx (Excel's own limit); a longer one is hostile
RATIO_FREE_BYTES = 1024 * 1024  # a zip member this small is not held to MAX_COMPRESSION_RATIO
MAX_XLSX_COLUMNS = 256  # columns read of a sheet declaring none or more (a measurements file has 8)
