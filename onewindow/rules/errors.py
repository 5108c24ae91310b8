"""Errors of the rules domain; each says what is wrong and what to do."""

from django.utils.translation import gettext_lazy as _

from onewindow.core.exceptions import Conflict, InvalidInput, NotFound


class RulePackRefused(InvalidInput):
    """A pack file that would make calculations wrong: overlap, gap or wrong unit."""

    code = "rule_pack.refused"
    default_message = _("The rule pack was refused.")


class RulePackVersionConflict(Conflict):
    code = "rule_pack.version_conflict"
    default_message = _(
        "This pack version is already loaded with different contents; "
        "give the changed pack a new version."
    )


class ParameterMissing(NotFound):
    """No value of a parameter is in force on the date a calculation needs."""

    code = "rule.parameter_missing"
    default_message = _(
        "A rule needed for this calculation is not in force on that date."
    )
    status = 422
