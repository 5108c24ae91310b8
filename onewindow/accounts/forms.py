from django import forms
from django.utils.translation import gettext_lazy as _


class ClaimForm(forms.Form):
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=30,
        help_text=_("18 characters, as on your resident ID card."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
