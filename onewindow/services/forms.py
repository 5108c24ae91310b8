"""Application forms built from the catalog's field list, and the case forms."""

import uuid
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from onewindow.core.areas import area_name
from onewindow.core.i18n import in_reader_language
from onewindow.core.periods import parse_period
from onewindow.people.models import Person, mask_bank_account
from onewindow.people.selectors import person_contact_get

from .handlers import prefill_value
from .models import Service


def _is_bank(spec: dict[str, Any]) -> bool:
    return (
        spec["name"] == "bank_account" or spec.get("prefill") == "contact.bank_account"
    )


def field_label(texts: dict[str, str]) -> str:
    return in_reader_language(texts)


def _region_choices(extra: list[str]) -> list[tuple[str, str]]:
    from onewindow.rules.selectors import rule_packs_list

    codes = [pack.region for pack in rule_packs_list() if pack.region]
    codes += [code for code in extra if code and code not in codes]
    language = get_language() or "zh-hans"
    return [("", _("Choose a region"))] + [
        (code, f"{area_name(code, language)} ({code})") for code in codes
    ]


class MonthField(forms.CharField):
    """A year and month, written as departments and people write them (2025-03,
    202503, 2025年3月); kept as YYYY-MM."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=20, **kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "placeholder": "2025-03"})

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return ""
        period = parse_period(text)
        if period is None:
            raise forms.ValidationError(
                _("This is not a month; write it as 2025-03."), code="month"
            )
        return str(period)


def _field(spec: dict[str, Any], person: Person) -> forms.Field:
    label = field_label(spec["label"])
    required = bool(spec.get("required"))
    kind = spec["type"]
    if kind == "readonly":
        return forms.CharField(label=label, required=False, disabled=True)
    if kind == "textarea":
        return forms.CharField(
            label=label,
            required=required,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 4}),
        )
    if kind == "date":
        return forms.DateField(
            label=label,
            required=required,
            widget=forms.DateInput(attrs={"type": "date"}),
        )
    if kind == "month":
        return MonthField(label=label, required=required)
    if kind == "region":
        from .selectors import person_pension_regions

        return forms.ChoiceField(
            label=label,
            required=required,
            choices=_region_choices(person_pension_regions(person=person)),
        )
    if kind == "choice":
        return forms.ChoiceField(
            label=label,
            required=required,
            choices=[("", _("Choose one"))]
            + [(c["value"], field_label(c["label"])) for c in spec.get("choices", [])],
        )
    return forms.CharField(label=label, required=required, max_length=300)


class ApplicationForm(forms.Form):
    """The fields of one service; `token` makes a repeated submit land once."""

    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, service: Service, person: Person, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.service = service
        self.person = person
        for spec in service.fields:
            self.fields[spec["name"]] = _field(spec, person)

    @classmethod
    def initial_for(
        cls, *, service: Service, person: Person, draft_data: dict[str, Any] | None
    ) -> dict[str, Any]:
        """Pre-fill from the record and the rules, then from the saved draft."""
        initial: dict[str, Any] = {"token": uuid.uuid4()}
        for spec in service.fields:
            if spec.get("prefill"):
                initial[spec["name"]] = prefill_value(spec["prefill"], person)
        for key, value in (draft_data or {}).items():
            if key in initial or any(spec["name"] == key for spec in service.fields):
                if not _is_readonly(service, key):
                    initial[key] = value
        return initial

    def answers(self) -> dict[str, str]:
        """What the person entered, as strings, leaving out read-only fields."""
        source = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        answers = {}
        for spec in self.service.fields:
            if spec["type"] == "readonly":
                continue
            value = source.get(spec["name"], "")
            text = (
                value.isoformat() if hasattr(value, "isoformat") else str(value or "")
            )
            # The case keeps a bank account masked: the number itself lives only
            # encrypted in the person's contact details.
            answers[spec["name"]] = mask_bank_account(text) if _is_bank(spec) else text
        return answers

    def raw_answers(self) -> dict[str, str]:
        """The posted values without validation, for a half-filled draft."""
        return {
            spec["name"]: str(self.data.get(spec["name"], ""))[:2000]
            for spec in self.service.fields
            # A draft never holds a bank account: the form offers the one on
            # record again.
            if spec["type"] != "readonly" and not _is_bank(spec)
        }

    def contact_changes(self) -> dict[str, dict[str, str]]:
        """Fields pre-filled from the contact details that the person changed:
        these flow back to the record only after confirmation."""
        current = person_contact_get(person=self.person)
        changes = {}
        for spec in self.service.fields:
            source = spec.get("prefill", "")
            if not source.startswith("contact.") or spec["type"] == "readonly":
                continue
            key = source.removeprefix("contact.")
            new = str(self.cleaned_data.get(spec["name"], "") or "").strip()
            if new != current.get(key, ""):
                changes[key] = {"before": current.get(key, ""), "after": new}
        return changes


def _is_readonly(service: Service, name: str) -> bool:
    return any(
        spec["name"] == name and spec["type"] == "readonly" for spec in service.fields
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason the person will read"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ResubmitForm(forms.Form):
    reason = forms.CharField(
        label=_("The information you add"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("Document (PDF, PNG or JPEG, at most 10 MB)"),
        allow_empty_file=True,
    )
