"""The coordinators' IATI upload form."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from coopdec.interop.enums import ImportMode, OnError
from coopdec.territories.models import Authority


def max_iati_size() -> int:
    return settings.MAX_IATI_UPLOAD_SIZE


class IatiUploadForm(forms.Form):
    file = forms.FileField(label=_("IATI activity file (XML, version 2.01, 2.02 or 2.03)"))
    authority = forms.CharField(
        label=_("Holding authority (code)"),
        required=False,
        help_text=_(
            "Activities whose reporting organisation is no authority known to coopdec are attached to this "
            "authority, e.g. FR-REG-11. Leave empty to skip them."
        ),
    )
    mode = forms.ChoiceField(label=_("Existing activities"), choices=ImportMode.choices, initial=ImportMode.UPDATE)
    on_error = forms.ChoiceField(label=_("If an activity fails"), choices=OnError.choices, initial=OnError.ROLLBACK)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_iati_size():
            raise forms.ValidationError(
                _("The file is larger than %(limit)s."), params={"limit": filesizeformat(max_iati_size())}
            )
        head = upload.read(512).lstrip(b"\xef\xbb\xbf").lstrip()
        upload.seek(0)
        if not head.startswith(b"<"):
            raise forms.ValidationError(_("This is not an XML file."))
        return upload

    def clean_authority(self):
        code = self.cleaned_data["authority"].strip()
        if not code:
            return None
        try:
            return Authority.objects.get(code=code)
        except Authority.DoesNotExist:
            raise forms.ValidationError(_("No authority has the code %(code)s."), params={"code": code}) from None
