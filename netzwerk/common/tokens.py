"""Secret links store only the SHA-256 of their token (registrations, feeds, Aussteller)."""
import hashlib


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
