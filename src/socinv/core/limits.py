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

# limits branch: the length of one fund's ledger ------------------------------------------
# At most this many entries in one fund: every sum over a fund's ledger (and any sum of a
# handful of such sums) stays below 2**63, since MAX_LEDGER_ENTRIES * MAX_ENTRY_ORE = 10**18.
MAX_LEDGER_ENTRIES = 1_000_000

# Free texts, branch freetext (issue 11, findings 4 and 6) -----------------------------------
MAX_FILE_NAME = 255  # an uploaded file's name as sent
MAX_REFERENCE = 500  # a reference to a publication: a DOI, a URL, a citation
MAX_CALCULATION = 1_000_000  # a calculation's input as TOML text

# Backups (branch backup) -------------------------------------------------------------------
# A backup is the administrator's own file, so its bounds are far above an upload's; they
# only refuse a zip bomb: a member that claims an absurd ratio, or absurd sizes in all.
MAX_BACKUP_UNCOMPRESSED_BYTES = 50 * 1024**3  # all members of a backup file together
MAX_BACKUP_COMPRESSION_RATIO = 1_000  # one member (JSON compresses about 10-30 times)
BACKUP_RATIO_FREE_BYTES = 1024 * 1024  # members this small are never refused for their ratio

# The calculation (socinv calc, the calculation editor, the API) ------ branch calclimits --
# shared/spec/calculation.md, section "Errors": each an input error when exceeded.
MAX_CALC_FILE_BYTES = 5 * 1024 * 1024  # a calculation file (TOML), refused before parsing
MAX_CALC_UPLOAD_BYTES = 512 * 1024  # a calculation file uploaded on the import page
MIN_HORIZON, MAX_HORIZON = 1, 200  # years in the calculation
MIN_START_YEAR, MAX_START_YEAR = 1900, 2200  # the calendar year of year index 0
MIN_DRAWS, MAX_DRAWS = 1, 10_000_000  # --draws: Monte Carlo draws
MIN_SEED, MAX_SEED = 0, 2**32 - 1  # --seed
# Where the spec is silent (docs/calculation.md, "Limits"): arrays and inline tables nested
# deeper than this are refused before the TOML parser sees them (the deepest valid file
# nests 5: outcomes = [{values = [{amount = {dist = …}}]}]).
MAX_CALC_NESTING = 32
MAX_TOML_INT = 2**63 - 1  # TOML's integers are 64-bit; tomllib reads any size
MAX_CALC_PROBLEMS_KEPT = 1_000  # problems kept in memory (all are counted: "… and N more")
MAX_PROBLEM_LINES = 50  # problem lines shown, then "… and N more"

# once: one rendered form books once (socinv.web.once) ------------------------------------
FORM_TOKEN_MAX_AGE_DAYS = 30  # a rendered form that writes money or a decision stays sendable

# Uploads (branch uploads) -------------------------------------------------------------------
MAX_CELL_CHARS = 32_767  # one cell of an xlsx (Excel's own limit); a longer one is hostile
RATIO_FREE_BYTES = 1024 * 1024  # a zip member this small is not held to MAX_COMPRESSION_RATIO
MAX_XLSX_COLUMNS = 256  # columns read of a sheet declaring none or more (a measurements file has 8)
