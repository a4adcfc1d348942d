"""The overview (översikt): the landing page of the fund for owners and economists."""
