"""The shape of every fixed vocabulary of the domain: a `LabelledEnum` beside the model that stores it.

A member is stored as its value (German words where users say them that way) and compares equal to it; `label`
is what a page shows, in its language. The database refuses any other value (`one_of`)."""
from enum import EnumType, StrEnum

from sqlalchemy import CheckConstraint
from wtforms.fields.choices import SelectChoice


class _Vocabulary(EnumType):
    def __contains__(cls, value) -> bool:
        """`"confirmed" in RegistrationState`: a stored or submitted value belongs (as from Python 3.12 on)."""
        return value in cls._value2member_map_


class LabelledEnum(StrEnum, metaclass=_Vocabulary):
    """Members are declared `NAME = "value", _l("Label")`, or `NAME = "value"` for a word shown as it is."""

    def __new__(cls, value: str, label=None):
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member

    @property
    def label(self):
        return self._label if self._label is not None else self.value

    @classmethod
    def label_of(cls, value: str):
        """The label of a stored value; a value outside the vocabulary shows as itself."""
        return cls(value).label if value in cls._value2member_map_ else value

    @classmethod
    def choices(cls, *members: "LabelledEnum") -> list[SelectChoice]:
        """Options for a WTForms field: every member in order, or only those given."""
        return [SelectChoice(member.value, member.label) for member in members or cls]


def one_of(column: str, vocabulary: type[LabelledEnum], *, blank: bool = False) -> CheckConstraint:
    """The database's own check that `column` holds a value of the vocabulary (or '' with blank), named
    ck_<table>_<column> by the naming convention."""
    values = [member.value for member in vocabulary] + ([""] if blank else [])
    listed = ", ".join("'" + value.replace("'", "''") + "'" for value in values)
    return CheckConstraint(f"{column} IN ({listed})", name=column)


def as_choices(options) -> list[SelectChoice]:
    """Options for a SelectField from a list of words, or (value, label) pairs."""
    if isinstance(options, dict):
        options = options.items()
    return [SelectChoice(*option) if isinstance(option, tuple) else SelectChoice(option) for option in options]
