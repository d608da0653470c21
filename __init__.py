"""merit: a rules-engine compliance checker for the ASN merit system.

The checkout's top level is this package (see pyproject.toml): `merit.engine` holds the
engine, `merit.rules` and `merit.policies` the shipped YAML, `merit.cli` the command line.
"""

__version__ = "0.1.0"
