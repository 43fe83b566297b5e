"""The refusal a service raises for a person, so every form shows it the same way."""


class DomainError(ValueError):
    """Something a person asked for is refused: str() is the message for them (a lazy
    translation is fine), `field` the form field it belongs to, when there is one.

    Each area raises its own subclass (IdeaError, LoanError, …), so a view catches only
    its own service's refusals; web.forms.put_on_form shows any of them.
    """

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field

    def __str__(self):
        return str(self.args[0])
