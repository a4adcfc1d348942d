"""The demo projects' calculations (format: shared/spec/calculation.md).

The first three are the examples in ``examples/`` with the demo's stakeholder keys and
start years; the others are smaller. All figures are invented but plausible.
"""

from ._examples import ARBETE, HEMMASITTARE, SKOLSTOD

LAXHJALP = """\
name = "Läxhjälp och mentorer i föreningsregi"
start_year = 2027
horizon = 8
discount_rate = 0.035
success_probability = 0.5
participants = [60, 60]

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
id = "individ"
name = "Eleven"

[[costs]]
label = "Föreningens samordnare och lokaler"
stakeholder = "kommun/utbildningsnamnd"
years = [0, 1]
amount = 650000

[[costs]]
label = "Utbildning och handledning av mentorer"
stakeholder = "kommun/utbildningsnamnd"
years = [0, 1]
amount_per_participant = { dist = "uniform", low = 2000, high = 4000 }

[[outcomes]]
label = "Gymnasiebehörighet i stället för introduktionsprogram"
cases_per_participant = { dist = "triangular", low = 0.02, mode = 0.06, high = 0.10 }
deadweight = 0.3
lag = 1
duration = 1

  [[outcomes.values]]
  stakeholder = "kommun/utbildningsnamnd"
  amount = 160000
  kind = "resource"

[[outcomes]]
label = "Fullföljd gymnasieskola, arbete i stället för försörjningsstöd"
cases_per_participant = 0.03
deadweight = 0.3
lag = 4
duration = 4
out_migration = 0.06

  [[outcomes.values]]
  stakeholder = "kommun/socialnamnd"
  amount = 90000
  kind = "transfer"

  [[outcomes.values]]
  stakeholder = "individ"
  amount = -90000
  kind = "transfer"

  [[outcomes.values]]
  stakeholder = "individ"
  amount = 230000
  kind = "resource"
"""

ATERFALL = """\
name = "Unga vägen ut – stöd vid frigivning"
start_year = 2023
horizon = 8
discount_rate = 0.035
success_probability = 0.45
participants = [15, 20, 20]

[[stakeholders]]
id = "kommun/socialnamnd"
name = "Socialnämnden"
municipal = true
public = true

[[stakeholders]]
id = "kommun/arbetsmarknadsnamnd"
name = "Arbetsmarknadsnämnden"
municipal = true
public = true

[[stakeholders]]
id = "kriminalvarden"
name = "Kriminalvården"
public = true

[[stakeholders]]
id = "individ"
name = "Den unga vuxna"

[[costs]]
label = "Brobyggare och boendestöd"
stakeholder = "kommun/socialnamnd"
years = [0, 1, 2]
amount = 1100000

[[costs]]
label = "Arbetsträning"
stakeholder = "kommun/arbetsmarknadsnamnd"
years = [0, 1, 2]
amount_per_participant = 20000

[[outcomes]]
label = "Undvikt återfall i brott (ny fängelsedom)"
baseline_rate = 0.45
relative_effect = { dist = "normal", mean = 0.20, sd = 0.10, min = 0.0, max = 1.0 }
lag = 1
duration = 1

  [[outcomes.values]]
  stakeholder = "kriminalvarden"
  amount = 900000
  kind = "resource"

[[outcomes]]
label = "Egen försörjning i stället för försörjningsstöd"
cases_per_participant = 0.15
deadweight = 0.25
lag = 1
duration = 3
drop_off = 0.2
out_migration = 0.08

  [[outcomes.values]]
  stakeholder = "kommun/socialnamnd"
  amount = 95000
  kind = "transfer"

  [[outcomes.values]]
  stakeholder = "individ"
  amount = -95000
  kind = "transfer"

  [[outcomes.values]]
  stakeholder = "individ"
  amount = 240000
  kind = "resource"

[repayment]
stakeholder = "kommun/socialnamnd"
amount = 4000000
method = "savings"
share_of_savings = 1.0
start = 1
internal_rate = 0.02
"""

FRITID = """\
name = "Aktiv fritid – mentorer för barn i ekonomiskt utsatta familjer"
start_year = 2024
horizon = 8
discount_rate = 0.035
success_probability = 0.6
participants = [80, 80]

[[stakeholders]]
id = "kommun/kulturfritidsnamnd"
name = "Kultur- och fritidsnämnden"
municipal = true
public = true

[[stakeholders]]
id = "kommun/socialnamnd"
name = "Socialnämnden"
municipal = true
public = true

[[stakeholders]]
id = "region"
name = "Regionen"
public = true

[[costs]]
label = "Fritidsmentorer och aktivitetskort"
stakeholder = "kommun/kulturfritidsnamnd"
years = [0, 1]
amount = 1500000

[[costs]]
label = "Aktiviteter per barn"
stakeholder = "kommun/kulturfritidsnamnd"
years = [0, 1]
amount_per_participant = 6000

[[outcomes]]
label = "Färre orosanmälningar som leder till utredning"
baseline_rate = 0.12
relative_effect = { dist = "uniform", low = 0.1, high = 0.3 }
lag = 0
duration = 2

  [[outcomes.values]]
  stakeholder = "kommun/socialnamnd"
  amount = 120000
  kind = "resource"

[[outcomes]]
label = "Bättre psykisk hälsa, färre kontakter med barn- och ungdomspsykiatrin"
cases_per_participant = 0.04
lag = 1
duration = 2

  [[outcomes.values]]
  stakeholder = "region"
  amount = 45000
  kind = "resource"

[repayment]
stakeholder = "kommun/kulturfritidsnamnd"
amount = 3900000
method = "depreciation"
period = 8
start = 2
internal_rate = 0.02
"""

FORSKOLA = """\
name = "Föräldrastöd i förskolan (ICDP)"
start_year = 2025
horizon = 10
discount_rate = 0.035
success_probability = 0.75
participants = [120, 120, 120]

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
name = "Regionen (barnhälsovården)"
public = true

[[costs]]
label = "Utbildade vägledare i förskolan"
stakeholder = "kommun/utbildningsnamnd"
years = [0, 1, 2]
amount = 450000

[[costs]]
label = "Gruppträffar per familj"
stakeholder = "kommun/utbildningsnamnd"
years = [0, 1, 2]
amount_per_participant = 1500

[[outcomes]]
label = "Färre barn som behöver särskilt stöd i förskolan"
baseline_rate = 0.08
relative_effect = { dist = "triangular", low = 0.05, mode = 0.15, high = 0.25 }
lag = 1
duration = 3

  [[outcomes.values]]
  stakeholder = "kommun/utbildningsnamnd"
  amount = 60000
  kind = "resource"

[[outcomes]]
label = "Färre insatser från socialtjänsten för familjen"
cases_per_participant = 0.01
deadweight = 0.3
lag = 2
duration = 3
out_migration = 0.05

  [[outcomes.values]]
  stakeholder = "kommun/socialnamnd"
  amount = 250000
  kind = "resource"

[repayment]
stakeholder = "kommun/utbildningsnamnd"
amount = 1350000
method = "savings"
share_of_savings = 0.8
start = 1
internal_rate = 0.02
"""

REHAB = """\
name = "Samordnad rehabilitering – vägen tillbaka"
start_year = 2026
horizon = 8
discount_rate = 0.035
success_probability = 0.55
participants = [50, 50, 50]

[[stakeholders]]
id = "kommun/socialnamnd"
name = "Socialnämnden"
municipal = true
public = true

[[stakeholders]]
id = "kommun/arbetsmarknadsnamnd"
name = "Arbetsmarknadsnämnden"
municipal = true
public = true

[[stakeholders]]
id = "region"
name = "Regionen (primärvården)"
public = true

[[stakeholders]]
id = "forsakringskassan"
name = "Försäkringskassan"
public = true

[[stakeholders]]
id = "arbetsformedlingen"
name = "Arbetsförmedlingen"
public = true

[[stakeholders]]
id = "individ"
name = "Deltagaren"

[[costs]]
label = "Rehabkoordinatorer och arbetsterapeut"
stakeholder = "kommun/arbetsmarknadsnamnd"
years = [0, 1, 2]
amount = 1800000

[[costs]]
label = "Vårdens medverkan"
stakeholder = "region"
years = [0, 1, 2]
amount_per_participant = 8000

[[outcomes]]
label = "Arbete eller studier i stället för försörjningsstöd"
cases_per_participant = { dist = "triangular", low = 0.10, mode = 0.20, high = 0.30 }
deadweight = 0.3
lag = 1
duration = 3
drop_off = 0.15
out_migration = 0.04

  [[outcomes.values]]
  stakeholder = "kommun/socialnamnd"
  amount = 100000
  kind = "transfer"

  [[outcomes.values]]
  stakeholder = "individ"
  amount = -100000
  kind = "transfer"

  [[outcomes.values]]
  stakeholder = "individ"
  amount = 220000
  kind = "resource"

  [[outcomes.values]]
  stakeholder = "arbetsformedlingen"
  amount = 15000
  kind = "resource"

[[outcomes]]
label = "Kortare sjukskrivning"
cases_per_participant = 0.1
lag = 0
duration = 1

  [[outcomes.values]]
  stakeholder = "forsakringskassan"
  amount = 70000
  kind = "transfer"

  [[outcomes.values]]
  stakeholder = "individ"
  amount = -70000
  kind = "transfer"

[repayment]
stakeholder = "kommun/socialnamnd"
amount = 5500000
method = "savings"
share_of_savings = 1.0
start = 1
internal_rate = 0.02
"""

__all__ = [
    "ARBETE",
    "ATERFALL",
    "FORSKOLA",
    "FRITID",
    "HEMMASITTARE",
    "LAXHJALP",
    "REHAB",
    "SKOLSTOD",
]


DIGITAL = """\
name = "Digitalt föräldrastöd för tonårsföräldrar"
start_year = 2024
horizon = 8
discount_rate = 0.035
success_probability = 0.5
participants = [60, 60]

[[stakeholders]]
id = "kommun/socialnamnd"
name = "Socialnämnden"
municipal = true
public = true

[[costs]]
label = "Licens och drift av den digitala plattformen"
stakeholder = "kommun/socialnamnd"
years = [0, 1]
amount = 250000

[[costs]]
label = "Gruppledare (socionomer) för de digitala träffarna"
stakeholder = "kommun/socialnamnd"
years = [0, 1]
amount_per_participant = 3000

[[outcomes]]
label = "Färre placeringar av ungdomar utanför hemmet"
cases_per_participant = { dist = "triangular", low = 0.0, mode = 0.02, high = 0.05 }
deadweight = 0.4
lag = 1
duration = 3

  [[outcomes.values]]
  stakeholder = "kommun/socialnamnd"
  amount = 900000
  kind = "resource"
"""
