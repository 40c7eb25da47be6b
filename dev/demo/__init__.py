"""Demo data: staff accounts with known logins, and invented inquiries in every state.

Everything here is made up: the people, schools, addresses and phone numbers (e-mail
addresses use example.dk). The answers use the journeys' own field names and choice
values, so the staff workspace shows them with the journeys' questions; the writes mirror
what each journey's ``submit`` does, and the casework goes through
``portal.casework.services`` as the staff pages do, audit entries included.

``accounts`` (the logins), ``answers`` (what the forms would have stored), ``replay`` (the
writes and casework, each at its moment), one ``cases_*`` module per journey, ``seed`` (the
entry) and ``cli`` (``flask --app wsgi demo seed|code``, absent in production).
"""
