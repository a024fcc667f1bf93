"""Forms for registration, login and memberships, rendered with Bootstrap classes and ARIA ties."""

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from coopdec.accounts.enums import Role
from coopdec.accounts.models import User
from coopdec.accounts.services import awaits_activation
from coopdec.organizations.models import Organization
from coopdec.territories.models import Authority

ENTITY_KINDS = {"authority": Authority, "organization": Organization}


class BootstrapBoundField(BoundField):
    """Adds Bootstrap's control and validity classes; Django already adds aria-invalid and aria-describedby."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        if self.errors:
            css += " is-invalid"
        existing = widget.attrs.get("class", "")
        attrs["class"] = f"{existing} {css}".strip()
        return attrs


class BootstrapFormMixin:
    bound_field_class: type[BoundField] | None = BootstrapBoundField


class RegistrationForm(BootstrapFormMixin, auth_forms.BaseUserCreationForm):
    """E-mail, name and a password typed twice, checked by the password validators."""

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields[name].required = True
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _(
                    "An account already exists with this address. Log in, reset your password, "
                    "or ask for a new confirmation link."
                ),
                code="exists",
            )
        return email

    def _post_clean(self):
        # The unique check on e-mail is done above, with a message that says what to do.
        self._validate_unique = False
        super()._post_clean()


class ResendActivationForm(BootstrapFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class EmailLanguageForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].required = True
        self.fields["language"].choices = [(code, name) for code, name in settings.LANGUAGES]


class LoginForm(BootstrapFormMixin, auth_forms.AuthenticationForm):
    """Log in with the e-mail address; the field keeps Django's name ``username``, which django-axes watches."""

    username = auth_forms.UsernameField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": _("Please enter a correct e-mail address and password. Both fields are case-sensitive."),
        "not_activated": _(
            "Your account is not active yet: open the link we e-mailed you, or ask for a new one below."
        ),
    }

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            # Only someone who knows the password learns that the account waits for its confirmation.
            email, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
            user = User.objects.filter(email__iexact=email).first() if email else None
            if user is not None and awaits_activation(user) and user.check_password(password):
                raise forms.ValidationError(self.error_messages["not_activated"], code="not_activated") from None
            raise


class PasswordChangeForm(BootstrapFormMixin, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(BootstrapFormMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(BootstrapFormMixin, auth_forms.SetPasswordForm):
    pass


class MembershipRequestForm(BootstrapFormMixin, forms.Form):
    """Which authority or organisation (``authority:12`` / ``organization:5``), and the job held there."""

    entity = forms.CharField(
        label=_("Authority or organisation"),
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose an authority or an organisation.")},
    )
    job_title = forms.CharField(
        label=_("Your job title"),
        max_length=200,
        help_text=_("E.g. Head of international relations."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )

    def clean_entity(self):
        kind, _sep, pk = self.cleaned_data["entity"].partition(":")
        model = ENTITY_KINDS.get(kind)
        queryset = Authority.objects.validated() if model is Authority else model and model.objects.all()
        entity = queryset.filter(pk=pk).first() if model and pk.isdigit() else None
        if entity is None:
            raise forms.ValidationError(_("Choose an authority or an organisation from the list."), code="unknown")
        return entity

    def entity_kwargs(self) -> dict:
        entity = self.cleaned_data["entity"]
        return {"authority": entity} if isinstance(entity, Authority) else {"organization": entity}


class DecisionForm(BootstrapFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EDITOR)


class MemberRoleForm(BootstrapFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
