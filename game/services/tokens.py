"""Seat tokens: the signed identity of a participant (not the socket id, not the name)."""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

_SALT = "partner-math.seat-token"


def issue_token(secret_key: str, participant_id: str) -> str:
    """A token naming `participant_id`, signed with the server's secret key."""
    return URLSafeSerializer(secret_key, salt=_SALT).dumps({"p": participant_id})


def read_token(secret_key: str, token: object) -> str | None:
    """The participant id a token names, or None when it is missing, forged or malformed."""
    if not isinstance(token, str) or not token or len(token) > 512:
        return None
    try:
        data = URLSafeSerializer(secret_key, salt=_SALT).loads(token)
    except BadSignature:
        return None
    participant = data.get("p") if isinstance(data, dict) else None
    return participant if isinstance(participant, str) else None
