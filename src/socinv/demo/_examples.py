"""Calculations of the demo projects, in the format of shared/spec/calculation.md.

The first three are the examples in ``examples/`` with the demo's stakeholder keys and
start years; the rest are smaller. All figures are invented but plausible."""

# ruff: noqa: E501

SKOLSTOD = """\
name = "Skolstöd för familjehemsplacerade barn"
start_year = 2024
horizon = 10
discount_rate = 0.035          # real rate, as often used in municipal calculations
success_probability = 0.7      # the method is well documented elsewhere, but local trial
participants = [18, 22, 22]    # three cohorts of foster children in school years 1-7

# --- Stakeholders (aktörer) -------------------------------------------------------
[[stakeholders]]
id = "kommun/socialnamnd"
name = "Socialnämnden"
municipal = true
public = true

[[stakeholders]]
id = "kommun/utbildningsnamnd"
name = "Utbildningsnämnden"
municipal = true
public = true

[[stakeholders]]
id = "region"
name = "Regionen (BUP)"
public = true

[[stakeholders]]
id = "forsakringskassan"
name = "Försäkringskassan"
public = true

[[stakeholders]]
id = "individ"
name = "Barnet / den unga vuxna"

# --- Costs (kostnader) -------------------------------------------------------------
# The team: a special-education teacher (specialpedagog) and a psychologist,
# half-time each, about 820 000 kr per year including payroll overhead.
[[costs]]
label = "Skolfam-team: specialpedagog och psykolog"
stakeholder = "kommun/socialnamnd"
years = [0, 1, 2]
amount = { dist = "triangular", low = 760000, mode = 820000, high = 900000 }

# Psychological and pedagogical testing, learning material, follow-up per child.
[[costs]]
label = "Testning, läromedel och uppföljning per barn"
stakeholder = "kommun/utbildningsnamnd"
years = [0, 1, 2]
amount_per_participant = 14000

# Project start-up: training in the method, one-off.
[[costs]]
label = "Metodutbildning och uppstart"
stakeholder = "kommun/socialnamnd"
year = 0
amount = 150000

# --- Outcomes (effekter) -----------------------------------------------------------
# 1. Fewer placement breakdowns (sammanbrott) that lead to an HVB placement.
#    Baseline: about one in four foster placements of school-age children breaks
#    down within a few years (invented, in line with Swedish research orders of
#    magnitude). The effect is uncertain: a 30 % relative reduction, sd 15 %.
#    An HVB stay instead of a foster home costs roughly 1 000 000 kr extra per year.
[[outcomes]]
label = "Undvikt sammanbrott i familjehemsplacering (byte till HVB)"
baseline_rate = 0.24
relative_effect = { dist = "normal", mean = 0.30, sd = 0.15, min = 0.0, max = 1.0 }
lag = 1
duration = 2
drop_off = 0.2
attribution = 0.1              # other support (BUP, school health) also helps
out_migration = 0.05

  [[outcomes.values]]
  stakeholder = "kommun/socialnamnd"
  amount = { dist = "triangular", low = 800000, mode = 1000000, high = 1300000 }
  kind = "resource"

# 2. Fewer special-support placements in school (särskilt stöd, resursskola).
[[outcomes]]
label = "Mindre behov av särskilt stöd i skolan"
cases_per_participant = { dist = "uniform", low = 0.05, high = 0.15 }
deadweight = 0.2               # some children would have caught up anyway
lag = 1
duration = 3
drop_off = 0.1
out_migration = 0.05

  [[outcomes.values]]
  stakeholder = "kommun/utbildningsnamnd"
  amount = 180000
  kind = "resource"

# 3. Completed compulsory school (fullföljd grundskola) -> more become employed
#    as young adults, fewer years on försörjningsstöd and with activity compensation.
#    Försörjningsstöd saved is a transfer from the individual's point of view.
[[outcomes]]
label = "Fullföljd grundskola: arbete i stället för försörjningsstöd"
cases_per_participant = { dist = "triangular", low = 0.04, mode = 0.10, high = 0.15 }
deadweight = 0.2
lag = 4
duration = 5
drop_off = 0.1
out_migration = 0.05

  [[outcomes.values]]
  stakeholder = "kommun/socialnamnd"
  amount = 110000              # försörjningsstöd per year, young adult household
  kind = "transfer"

  [[outcomes.values]]
  stakeholder = "individ"
  amount = -110000
  kind = "transfer"

  [[outcomes.values]]
  stakeholder = "forsakringskassan"
  amount = 60000               # activity compensation (aktivitetsersättning) avoided
  kind = "transfer"

  [[outcomes.values]]
  stakeholder = "individ"
  amount = { dist = "normal", mean = 240000, sd = 40000, min = 0 }
  kind = "resource"            # wages: production for society

# 4. Fewer child-psychiatric contacts (BUP) for acute school-related problems.
[[outcomes]]
label = "Färre akuta BUP-kontakter"
baseline_rate = 0.30
relative_effect = { dist = "uniform", low = 0.1, high = 0.3 }
lag = 1
duration = 2

  [[outcomes.values]]
  stakeholder = "region"
  amount = 45000
  kind = "resource"

# --- Repayment (återföringsmodellen) ----------------------------------------------
# The social board repays the fund out of its realised savings (its budget frame is
# reduced by the saving, as in Norrköping); internal interest 2 % on what is owed.
[repayment]
stakeholder = "kommun/socialnamnd"
amount = 2500000
method = "savings"
share_of_savings = 1.0
start = 1
internal_rate = 0.02
"""

HEMMASITTARE = """\
name = "Tillbaka till skolan – hemmasittare i årskurs 6–9"
start_year = 2025
horizon = 10
discount_rate = 0.035
success_probability = 0.65
participants = [15, 15, 15, 15]

# --- Stakeholders (aktörer) -------------------------------------------------------
[[stakeholders]]
id = "kommun/utbildningsnamnd"
name = "Utbildningsnämnden"
municipal = true
public = true

[[stakeholders]]
id = "kommun/socialnamnd"
name = "Socialnämnden"
municipal = true
public = true

[[stakeholders]]
id = "region"
name = "Regionen (BUP)"
public = true

[[stakeholders]]
id = "forsakringskassan"
name = "Försäkringskassan"
public = true

[[stakeholders]]
id = "individ"
name = "Eleven / den unga vuxna"

# --- Costs (kostnader) -------------------------------------------------------------
# A team of a special-education teacher, a school social worker (skolkurator) and a
# family therapist from social services: about 1.9 million kr per year, four years.
[[costs]]
label = "Skolnärvaroteam (specialpedagog, kurator, familjebehandlare)"
stakeholder = "kommun/utbildningsnamnd"
years = [0, 1, 2, 3]
amount = { dist = "triangular", low = 1750000, mode = 1900000, high = 2150000 }

[[costs]]
label = "Familjebehandling, tid utöver teamet"
stakeholder = "kommun/socialnamnd"
years = [0, 1, 2, 3]
amount_per_participant = 25000

# --- Outcomes (effekter) -----------------------------------------------------------
# 1. Back in ordinary school instead of a resource school place or home tuition.
[[outcomes]]
label = "Åter i ordinarie undervisning i stället för resursskola"
baseline_rate = 0.6            # share who would otherwise need a resource school place
relative_effect = { dist = "normal", mean = 0.35, sd = 0.12, min = 0.0, max = 1.0 }
deadweight = 0.15
lag = 0
duration = 2
drop_off = 0.25

  [[outcomes.values]]
  stakeholder = "kommun/utbildningsnamnd"
  amount = { dist = "uniform", low = 250000, high = 400000 }
  kind = "resource"

# 2. Fewer out-of-home placements (HVB or foster home) due to school refusal and
#    family conflict.
[[outcomes]]
label = "Undvikt placering utanför hemmet"
cases_per_participant = { dist = "triangular", low = 0.01, mode = 0.04, high = 0.08 }
attribution = 0.2
lag = 1
duration = 2
out_migration = 0.03

  [[outcomes.values]]
  stakeholder = "kommun/socialnamnd"
  amount = 900000
  kind = "resource"

# 3. Fewer BUP treatment contacts.
[[outcomes]]
label = "Färre behandlingskontakter på BUP"
baseline_rate = 0.5
relative_effect = { dist = "uniform", low = 0.1, high = 0.3 }
lag = 1
duration = 2

  [[outcomes.values]]
  stakeholder = "region"
  amount = 40000
  kind = "resource"

# 4. Parents back at work instead of staying at home with the child
#    (less care allowance, more production).
[[outcomes]]
label = "Vårdnadshavare åter i arbete"
cases_per_participant = 0.15
deadweight = 0.3
lag = 0
duration = 2
drop_off = 0.2

  [[outcomes.values]]
  stakeholder = "individ"
  amount = 120000              # recovered working time (half-time, wage incl. fees)
  kind = "resource"

  [[outcomes.values]]
  stakeholder = "forsakringskassan"
  amount = 40000               # omvårdnadsbidrag / tillfällig föräldrapenning avoided
  kind = "transfer"

  [[outcomes.values]]
  stakeholder = "individ"
  amount = -40000
  kind = "transfer"

# 5. Completed compulsory school: more in upper-secondary school and work.
[[outcomes]]
label = "Fullföljd grundskola och gymnasiebehörighet"
cases_per_participant = { dist = "triangular", low = 0.05, mode = 0.12, high = 0.2 }
deadweight = 0.25
lag = 4
duration = 5
drop_off = 0.1
out_migration = 0.05

  [[outcomes.values]]
  stakeholder = "kommun/socialnamnd"
  amount = 95000               # försörjningsstöd not paid
  kind = "transfer"

  [[outcomes.values]]
  stakeholder = "individ"
  amount = -95000
  kind = "transfer"

  [[outcomes.values]]
  stakeholder = "individ"
  amount = 200000              # wages, part-year entry jobs
  kind = "resource"

# --- Repayment (återbetalningsplan) -----------------------------------------------
# The board that owns the project repays 3.2 million kr in equal parts over five years
# from year index 1; internal interest 2.5 % on the outstanding amount.
[repayment]
stakeholder = "kommun/utbildningsnamnd"
amount = 3200000
method = "depreciation"
period = 5
start = 1
internal_rate = 0.025
"""

ARBETE = """\
name = "Från försörjningsstöd till arbete – unga vuxna"
start_year = 2023
horizon = 8
discount_rate = 0.035
success_probability = 0.8      # the coaching model is proven; the local labour market is the risk
participants = [40, 40, 40]

# --- Stakeholders (aktörer) -------------------------------------------------------
[[stakeholders]]
id = "kommun/socialnamnd"
name = "Socialnämnden (försörjningsstöd)"
municipal = true
public = true

[[stakeholders]]
id = "kommun/arbetsmarknadsnamnd"
name = "Arbetsmarknadsnämnden"
municipal = true
public = true

[[stakeholders]]
id = "kommun/kommunstyrelsen"
name = "Kommunstyrelsen (skatteintäkter)"
municipal = true
public = true

[[stakeholders]]
id = "region"
name = "Regionen (regionskatt, vård)"
public = true

[[stakeholders]]
id = "arbetsformedlingen"
name = "Arbetsförmedlingen"
public = true

[[stakeholders]]
id = "forsakringskassan"
name = "Försäkringskassan"
public = true

[[stakeholders]]
id = "arbetsgivare"
name = "Arbetsgivare"

[[stakeholders]]
id = "individ"
name = "Den unga vuxna"

# --- Costs (kostnader) -------------------------------------------------------------
# Four job coaches at about 620 000 kr each per year incl. overhead, three years.
[[costs]]
label = "Arbetsmarknadscoacher (4 årsarbetare)"
stakeholder = "kommun/arbetsmarknadsnamnd"
years = [0, 1, 2]
amount = { dist = "normal", mean = 2480000, sd = 120000, min = 2200000 }

# Social worker time for joint planning, per participant.
[[costs]]
label = "Socialsekreterartid för gemensam planering"
stakeholder = "kommun/socialnamnd"
years = [0, 1, 2]
amount_per_participant = 9000

# Arbetsförmedlingen's case officer time (handläggare), per participant.
[[costs]]
label = "Arbetsförmedlingens handläggartid"
stakeholder = "arbetsformedlingen"
years = [0, 1, 2]
amount_per_participant = 7000

# Short vocational courses (truckkort, lokalvård, omsorg), per participant.
[[costs]]
label = "Korta yrkesutbildningar"
stakeholder = "kommun/arbetsmarknadsnamnd"
years = [0, 1, 2]
amount_per_participant = { dist = "uniform", low = 8000, high = 16000 }

# --- Outcomes (effekter) -----------------------------------------------------------
# 1. Into work instead of försörjningsstöd. Without the project about 25 % would get a
#    job within a year (captured by deadweight relative to the 45 % who do).
[[outcomes]]
label = "Egen försörjning genom arbete"
cases_per_participant = { dist = "triangular", low = 0.30, mode = 0.45, high = 0.55 }
deadweight = { dist = "uniform", low = 0.3, high = 0.5 }
attribution = 0.1              # Arbetsförmedlingen's ordinary services also contribute
displacement = 0.1             # some jobs would have gone to other jobseekers
lag = 1
duration = 4
drop_off = 0.15                # some lose the job again
out_migration = 0.06           # young adults move for work and studies

  # Försörjningsstöd no longer paid (young adult single household, incl. housing).
  [[outcomes.values]]
  stakeholder = "kommun/socialnamnd"
  amount = { dist = "normal", mean = 96000, sd = 10000, min = 60000 }
  kind = "transfer"

  [[outcomes.values]]
  stakeholder = "individ"
  amount = -96000
  kind = "transfer"

  # Wage: entry-level job, gross about 270 000 kr per year (production).
  [[outcomes.values]]
  stakeholder = "individ"
  amount = { dist = "triangular", low = 220000, mode = 270000, high = 300000 }
  kind = "resource"

  # Kommunalskatt (about 21 % after basic deduction: ~ 48 000 kr).
  [[outcomes.values]]
  stakeholder = "kommun/kommunstyrelsen"
  amount = 48000
  kind = "transfer"

  # Regionskatt (about 11.5 % after basic deduction: ~ 26 000 kr).
  [[outcomes.values]]
  stakeholder = "region"
  amount = 26000
  kind = "transfer"

  [[outcomes.values]]
  stakeholder = "individ"
  amount = -74000
  kind = "transfer"

  # Nystartsjobb: Arbetsförmedlingen pays part of the wage cost to the employer for
  # some of those employed (on average about 30 000 kr per job and year).
  [[outcomes.values]]
  stakeholder = "arbetsformedlingen"
  amount = -30000
  kind = "transfer"

  [[outcomes.values]]
  stakeholder = "arbetsgivare"
  amount = 30000
  kind = "transfer"

# 2. Better mental health: fewer on sickness-related benefits and fewer care visits.
[[outcomes]]
label = "Färre med aktivitetsersättning och psykiatrisk öppenvård"
baseline_rate = 0.12
relative_effect = { dist = "normal", mean = 0.25, sd = 0.10, min = 0.0, max = 1.0 }
deadweight = 0.3
lag = 1
duration = 3

  [[outcomes.values]]
  stakeholder = "forsakringskassan"
  amount = 85000               # aktivitetsersättning per year
  kind = "transfer"

  [[outcomes.values]]
  stakeholder = "individ"
  amount = -85000
  kind = "transfer"

  [[outcomes.values]]
  stakeholder = "region"
  amount = 30000               # psychiatric outpatient care per year
  kind = "resource"
"""
