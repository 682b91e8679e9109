"""The layout interpreter: rules that turn a ``Block`` stream into a ``styr.plan/1`` document."""
