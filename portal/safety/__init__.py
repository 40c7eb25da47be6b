"""The safety line: a child who may be in danger is seen by a person within minutes.

- ``screening``: the municipality's list of words, and matching them (no Flask);
- ``rules``: which answers and texts make an inquiry a possible safety case;
- ``services``: raising a flag, noting the first opening, escalating;
- ``alerts``: who is told (reception, the duty service, the leaders), by email and push;
- ``telling``: what the child is told about who knows and when they will be read;
- ``web``: the app's screening list, and marking its words on the staff pages.
"""
