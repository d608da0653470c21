"""The evaluate stage: a Policy and a Dossier in, levels and scores out.

`conditions` are the building blocks of a level; `inference` compiles them to
durable_rules rulesets, asserts the dossier's facts and reads off each indicator's level
with the trace of which conditions held; `scoring` turns levels into aspect scores, the
total and the category under the policy's weights and bands (exact fractions).
"""
