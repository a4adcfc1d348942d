"""Users, their roles in an organisation, and the permission matrix (``rules``)."""
