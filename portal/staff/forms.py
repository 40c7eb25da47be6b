"""Forms of logging in and of the account pages."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import ValidationError

from portal.forms.base import BaseForm, Email, MaxChars, Required
from portal.forms.fields import ChoiceField, MultiCheckboxField
from portal.staff import passwords
from portal.staff.models import ROLES


class LoginForm(BaseForm):
    email = EmailField(_l("E-mail"), validators=[Required(_l("Enter your e-mail address."))])
    password = PasswordField(_l("Password"), validators=[Required(_l("Enter your password."))])


class CodeForm(BaseForm):
    code = StringField(
        _l("Code from your authenticator app"),
        description=_l("6 digits, like 123456. A new code comes every 30 seconds."),
        validators=[Required(_l("Enter the 6-digit code from your authenticator app."))],
    )


class RecoveryForm(BaseForm):
    code = StringField(
        _l("Recovery code"),
        description=_l(
            "One of the codes you saved when you set up your account, like abcde-fghij-kmnpq."
        ),
        validators=[Required(_l("Enter one of your recovery codes."))],
    )


class NewPasswordForm(BaseForm):
    current = PasswordField(
        _l("Current password"), validators=[Required(_l("Enter your current password."))]
    )
    password = PasswordField(
        _l("New password"),
        description=_l(
            "At least 12 characters. Several unrelated words are easy to remember and hard "
            "to guess. You may paste it from a password manager."
        ),
        validators=[Required(_l("Enter a new password."))],
    )
    repeat = PasswordField(
        _l("New password again"), validators=[Required(_l("Enter the new password again."))]
    )

    def __init__(self, *args: Any, context: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.context = context

    def validate_password(self, field: Any) -> None:
        reason = passwords.problem(field.data or "", context=self.context)
        if reason is not None:
            message, values = reason
            raise ValidationError(gettext(message, **values))

    def validate_repeat(self, field: Any) -> None:
        if field.data != self.password.data:
            raise ValidationError(_l("The two new passwords are not the same. Type them again."))


ROLE_LABELS = {
    "reception": _l("Reception"),
    "adviser": _l("Child and youth adviser"),
    "leader": _l("Leader"),
    "admin": _l("Administrator"),
}


class AccountForm(BaseForm):
    """An admin's form for an account (e-mail only when creating)."""

    email = EmailField(
        _l("E-mail"),
        validators=[Required(_l("Enter the person's work e-mail address.")), Email()],
    )
    name = StringField(
        _l("Name"), validators=[Required(_l("Enter the person's name.")), MaxChars(120)]
    )
    role = ChoiceField(
        _l("Role"),
        description=_l(
            "Leaders and administrators are made by the operator, at the server "
            "(flask staff role). Nobody changes their own role."
        ),
        choices=[(role, ROLE_LABELS[role]) for role in ROLES],
        validators=[Required(_l("Choose a role."))],
    )
    districts = MultiCheckboxField(
        _l("Districts"),
        description=_l("Reception staff and advisers see the cases of their districts."),
    )

    def validate_districts(self, field: Any) -> None:
        if self.role.data in ("reception", "adviser") and not field.data:
            raise ValidationError(
                _l("Choose at least one district for reception staff and advisers.")
            )
