"""The dashboard (översikt): the landing page of the fund for owners and economists."""
