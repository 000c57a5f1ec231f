"""Brand-misuse detection: which observed accounts use the organisation's name or logo (P-I.6).

normalise → match → explain, kept apart so each can be tested and benchmarked alone:
:mod:`~audit.brand.forms` folds a name to its matching form, :mod:`~audit.brand.match`
finds brand terms and registered handles in it, :mod:`~audit.brand.explain` says how it was
disguised, :mod:`~audit.brand.logo` compares avatars with logos, and
:class:`~audit.brand.detector.Detector` turns all of that into one verdict per observed account.
"""

from audit.brand.detector import Detector, handle_name
from audit.brand.forms import Normalised, normalise
from audit.brand.logo import LOGO_THRESHOLD, avatar_hash, avatar_matches, logo_hash
from audit.brand.model import REASONS, ObservedRow, RegisteredAccount, Verdict
from audit.brand.observed import ObservedRejected, read_observed
from audit.brand.scan import scan_file

__all__ = [
    "LOGO_THRESHOLD",
    "REASONS",
    "Detector",
    "Normalised",
    "ObservedRejected",
    "ObservedRow",
    "RegisteredAccount",
    "Verdict",
    "avatar_hash",
    "avatar_matches",
    "handle_name",
    "logo_hash",
    "normalise",
    "read_observed",
    "scan_file",
]
