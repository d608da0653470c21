"""Data package: the shipped YAML files (see README)."""
