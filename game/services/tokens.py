"""Seat tokens: the signed identity of a participant (not the socket id, not the name)."""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

_SALT = "partner-math.seat-token"


def issue_token(secret_key: str, participant_id: str, bot: bool = False) -> str:
    """A token naming `participant_id`, signed with the server's secret key. A bot token
    lets the server's own bot play the seat without counting as the trainee's return."""
    data: dict[str, object] = {"p": participant_id}
    if bot:
        data["b"] = 1
    return URLSafeSerializer(secret_key, salt=_SALT).dumps(data)


def read_token_claims(secret_key: str, token: object) -> tuple[str, bool] | None:
    """(participant id, is a bot token), or None when missing, forged or malformed."""
    if not isinstance(token, str) or not token or len(token) > 512:
        return None
    try:
        data = URLSafeSerializer(secret_key, salt=_SALT).loads(token)
    except BadSignature:
        return None
    participant = data.get("p") if isinstance(data, dict) else None
    if not isinstance(participant, str):
        return None
    return participant, bool(data.get("b"))


def read_token(secret_key: str, token: object) -> str | None:
    """The participant id a token names, or None when it is missing, forged or malformed."""
    claims = read_token_claims(secret_key, token)
    return None if claims is None else claims[0]
