"""The merit engine, laid out as its data flows: load -> measure -> evaluate -> improve ->
render, one package per stage (see README, "Cara kerja / How it works").

`merit.engine.api` is its public API; the engine never prints.
"""
