"""The spreadsheet upload form: the file(s), their type checked by content, and the explicit choice of mode."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coopdec.interop.tabular.files import CSV, check_size, spreadsheet_type
from coopdec.interop.tabular.importer import ADD, UPDATE

MODES = [
    (ADD, _("Add new rows — a row whose identifier already exists is an error")),
    (UPDATE, _("Update existing rows, matched on their identifier — an unknown identifier is an error")),
]


def _read(upload) -> tuple[bytes, str]:
    check_size(upload.size)  # before the content is loaded
    data = upload.read()
    return data, spreadsheet_type(data)


class SpreadsheetUploadForm(forms.Form):
    mode = forms.ChoiceField(label=_("What the rows do"), choices=MODES, widget=forms.RadioSelect)
    file = forms.FileField(label=_("Spreadsheet (XLSX or CSV)"))
    funding_file = forms.FileField(
        label=_("Funding lines (CSV)"),
        required=False,
        help_text=_("With a CSV projects file only; an XLSX workbook carries them in its “Funding lines” sheet."),
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        if kind != "projects":
            del self.fields["funding_file"]

    def clean_file(self):
        data, file_type = _read(self.cleaned_data["file"])
        self.file_data, self.file_type = data, file_type
        return self.cleaned_data["file"]

    def clean_funding_file(self):
        upload = self.cleaned_data.get("funding_file")
        self.funding_data = None
        if upload:
            data, file_type = _read(upload)
            if file_type != CSV:
                raise ValidationError(_("The funding lines file is a CSV file."))
            self.funding_data = data
        return upload
