"""The core: what the portal does, without the web.

Use cases, the rules they follow, the models and the records they write. Nothing here
imports Flask: a use case takes an explicit Context (portal/core/context.py) and runs in
one unit of work (portal/core/uow.py); the views, the commands, the workers, the demo and
the tests all call the same use cases. docs/architecture.md has the map.
"""
