"""The web workspace (`merit serve`): a Django application in which an agency's team fills
the worksheet, uploads evidence and personnel exports, and an assessor verifies.

The engine stays the only evaluator: the workspace stores the dossier in its database and
materialises it, in exactly the CLI's dossier format, into a temporary directory that the
engine's public API (engine/api.py) assesses (dossier.py). Nothing is scored twice.

Nothing is imported here: `merit` commands other than `serve` and `users` never load Django.
"""
