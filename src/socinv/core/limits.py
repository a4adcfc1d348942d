"""The upper bounds of what the system accepts, once for every door (the web form, the
API schema, the model, the database's CHECK, the command line and the file readers).

An append-only ledger makes every bad write permanent, so each bound is checked before
anything is written. Amounts are in öre.
"""

from __future__ import annotations

# The database -------------------------------------------------------------------------------
MAX_DB_INT = 2**63 - 1  # a 64-bit signed integer: a database id (bigint), a posted key

# Money -----------------------------------------------------------------------------------
MAX_ENTRY_KRONOR = 10_000_000_000  # one ledger entry: at most 10 000 000 000 kr
MAX_ENTRY_ORE = MAX_ENTRY_KRONOR * 100  # 10**12 öre; a fund's sums stay far below 2**63
# a board's budgetram for one year (socinv.core.frames): far above any board's driftram,
# 100 times one ledger entry's bound, and its sums still far below 2**63
MAX_FRAME_ORE = 100 * MAX_ENTRY_ORE
MIN_FRAME_YEAR, MAX_FRAME_YEAR = 2000, 2100
MAX_FRAME_ROWS = 10_000  # rows read of a budget frames file (a board and a year each)

# Texts (characters) ------------------------------------------------------------------------
MAX_NAME = 200  # a name or title (a project, a board, a fund, a stakeholder)
MAX_SHORT_TEXT = 300  # one line: a decision body, a dnr, an author, a reference
MAX_NOTE = 2_000  # a ledger note, a comment, a condition
MAX_TEXT = 20_000  # a free text: an idea's need, a description, an evaluation entry
# single sign-on: a group name or id, an issuer URL, a subject (Entra's are 36-44 characters)
MAX_SSO_CODE = 255

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
MAX_CHANGE_REASON = 100  # why a row was changed, kept in its history (a measurement corrected)

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
# A fund's stored simulations (saved with every calculation): the default draws and seed,
# and the most draws a fund may ask of each save (the save stays fast; the CLI may run more)
STORED_DRAWS_DEFAULT, STORED_SEED_DEFAULT = 10_000, 1
MAX_STORED_DRAWS = 200_000
# Where the spec is silent (docs/calculation.md, "Limits"): arrays and inline tables nested
# deeper than this are refused before the TOML parser sees them (the deepest valid file
# nests 5: outcomes = [{values = [{amount = {dist = …}}]}]).
MAX_CALC_NESTING = 32
MAX_TOML_INT = MAX_DB_INT  # TOML's integers are 64-bit as the database's; tomllib reads any size
MAX_CALC_PROBLEMS_KEPT = 1_000  # problems kept in memory (all are counted: "… and N more")
MAX_PROBLEM_LINES = 50  # problem lines shown, then "… and N more"

# once: one rendered form books once (socinv.web.once) ------------------------------------
FORM_TOKEN_MAX_AGE_DAYS = 30  # a rendered form that writes money or a decision stays sendable

# Uploads (branch uploads) -------------------------------------------------------------------
MAX_CELL_CHARS = 32_767  # one cell of an xlsx (Excel's own limit); a longer one is hostile
MAX_ROW_CELLS = 16_384  # cells in one row of an xlsx (Excel's own limit, column XFD)
RATIO_FREE_BYTES = 1024 * 1024  # a zip member this small is not held to MAX_COMPRESSION_RATIO
MAX_XLSX_COLUMNS = 256  # columns read of a sheet declaring none or more (a measurements file has 8)

# SIE 4 files (branch sie) ------------------------------------------------------------------
# A general ledger's SIE export of a year is some MB (a municipality's with every voucher of
# the year may reach tens of MB): the import reads it whole, so it is bounded like an upload.
MAX_SIE_FILE_BYTES = MAX_UPLOAD_BYTES
MAX_SIE_TEXT = 1_000  # one text field of a voucher written by the export (vertext)
MAX_PROJECT_CODE = 40  # a project's code in the general ledger (SIE dimension 6 object)
MAX_ACCOUNT = 20  # an account number of a municipality's chart (BAS: 4 digits)
# the unit-cost catalogue (kostnadskatalog, spec unit-costs.md)
MAX_UNIT_COST_ID = 60  # a unit cost's id: letters, digits, - and _
MAX_UNIT_COSTS = 5_000  # unit costs in one catalogue (a file, an import)
MAX_UNIT = 40  # a unit cost's unit ("dygn", "år", "besök")
MAX_UNIT_COST_KRONOR = 1_000_000_000  # one unit's amount
STALE_UNIT_COST_YEARS = 5  # priced more than this many years before the price year: marked
# The fund projection (fondprognos, shared/spec/projection.md) ------- branch projection --
MIN_PROJECTION_YEARS, MAX_PROJECTION_YEARS = 1, 30  # --years: calendar years from D's year
DEFAULT_PROJECTION_YEARS = 10
# --draws: 0 is the central path only. The bound keeps the draws kept for the percentiles
# (per year: available, money in the fund, repayments in total and per board) in memory.
MIN_PROJECTION_DRAWS, MAX_PROJECTION_DRAWS = 0, 100_000
DEFAULT_PROJECTION_DRAWS = 10_000

# Attestation (attestreglemente): a disbursement or a repayment above the fund's threshold
# is booked preliminarily and enters the ledger only when a second person attests it
# (socinv.core.ledger.attestation). The threshold is one entry's amount at most.
ATTESTATION_THRESHOLD_DEFAULT_ORE = 100_000 * 100  # 100 000 kr
MAX_ATTESTATION_THRESHOLD_ORE = MAX_ENTRY_ORE
MAX_REJECTION_REASON = MAX_NOTE  # why a preliminary booking was rejected
