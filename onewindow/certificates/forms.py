from django import forms
from django.utils.translation import gettext_lazy as _

UPLOAD_MAX_BYTES = 5 * 1024 * 1024


class VerifyUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Certificate (PDF)"),
        help_text=_("The PDF file as downloaded from onewindow, at most 5 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 5 MB; a certificate is much smaller."),
                code="too_large",
            )
        upload.seek(0)
        if upload.read(5) != b"%PDF-":
            raise forms.ValidationError(
                _("This is not a PDF file. Upload the certificate's PDF."),
                code="not_pdf",
            )
        upload.seek(0)
        return upload
