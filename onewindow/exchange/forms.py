from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import SourceFormat


class UploadForm(forms.Form):
    source = forms.ChoiceField(label=_("File format"))
    file = forms.FileField(
        label=_("Department file"),
        help_text=_("CSV (UTF-8 or GB18030) or Excel .xlsx, at most 200 MB."),
    )

    def __init__(self, *args, department: str, **kwargs):
        super().__init__(*args, **kwargs)
        language = get_language() or "zh-hans"
        self.fields["source"].choices = [
            (f.code, f.label(language))
            for f in SourceFormat.objects.filter(department=department, active=True)
        ]
