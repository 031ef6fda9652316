"""Small pieces shared by the feature forms."""


def optional_int(value) -> int | None:
    """Coerce for a select whose first option, value "", means 'none'."""
    return int(value) if value not in (None, "") else None
