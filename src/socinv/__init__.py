"""socinv: social investment funds for Swedish municipalities and regions."""

__version__ = "0.2.0"
