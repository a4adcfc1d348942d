"""The calculation editor in the browser, over the one engine in socinv.core.calc."""
