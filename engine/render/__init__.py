"""The render stage: an Assessment in, what a person reads out.

`report` builds the report (its JSON validated against schemas/report.json) and renders
it as text, Markdown or HTML through the templates; `checklist` writes the remediation
checklist (md, csv, xlsx); `compare` sets two saved reports side by side; `reference`
documents the rules without a dossier; `scaffold` writes an empty dossier (merit init);
`write` puts any output on disk atomically.
"""
