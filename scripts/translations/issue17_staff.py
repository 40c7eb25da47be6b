"""Translations of the strings issue 17 (staff: F5, F8, F9, F10, F14, CPR masking) adds.
All are staff-only: Danish only (the staff workspace is in Danish and English)."""

# ruff: noqa: E501

T = {
    "You cannot change your own role. Another administrator can, or the operator at the server.": {
        "da": "Du kan ikke ændre din egen rolle. Det kan en anden administrator, eller driftsansvarlig på serveren.",
    },
    "Only the operator makes someone a leader or an administrator, at the server (flask staff role). Ask them, or choose another role.": {
        "da": "Kun driftsansvarlig gør nogen til leder eller administrator, på serveren (flask staff role). Spørg dem, eller vælg en anden rolle.",
    },
    "Only the operator resets a leader's or an administrator's account, at the server (flask staff reset). Ask them.": {
        "da": "Kun driftsansvarlig nulstiller en leders eller en administrators konto, på serveren (flask staff reset). Spørg dem.",
    },
    "Leaders and administrators are made by the operator, at the server (flask staff role). Nobody changes their own role.": {
        "da": "Ledere og administratorer oprettes af driftsansvarlig, på serveren (flask staff role). Ingen ændrer sin egen rolle.",
    },
    "Whoever resets an account gets its first password, so the operator resets a leader's or an administrator's account, at the server (flask staff reset).": {
        "da": "Den, der nulstiller en konto, får dens første adgangskode. Derfor nulstiller driftsansvarlig en leders eller en administrators konto, på serveren (flask staff reset).",
    },
    "Show the full CPR number": {
        "da": "Vis hele CPR-nummeret",
    },
    "The audit log records who saw it.": {
        "da": "Auditloggen registrerer, hvem der så det.",
    },
}
