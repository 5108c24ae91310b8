from django import forms
from django.utils.translation import gettext_lazy as _


class IdentifyForm(forms.Form):
    id_number = forms.CharField(label=_("ID number"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=100)
    purpose = forms.CharField(
        label=_("Purpose of the visit"),
        max_length=300,
        help_text=_("What the person asked for; they will see it in their log."),
    )


class LookupForm(forms.Form):
    id_number = forms.CharField(label=_("ID number"), max_length=20)
    purpose = forms.CharField(
        label=_("Purpose of this read"),
        max_length=300,
        help_text=_(
            "Required outside a case of your region. It is logged and the person "
            "sees it."
        ),
    )
