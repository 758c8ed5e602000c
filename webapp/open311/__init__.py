"""Open311 GeoReport v2 under /open311/v2 (http://wiki.open311.org/GeoReport_v2).

Services are the petition categories the model declares; a service request
is a petition case. Reading is public (a confidential petition shows no
text, place or photo; ids are unguessable, see ids.py); POST needs the
api_key of a registered Open311 client or an intake clerk (clients.py).
"""
from flask import Blueprint

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")

from . import views  # noqa: E402,F401  (routes)
