"""Forms of the service desk: filing (with files), assigning, messages and ratings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from microparks.apps.accounts.models import Department, User
from microparks.apps.base import Role
from microparks.apps.common.display import person_name
from microparks.apps.parks.models import Park
from microparks.apps.servicedesk.models import Ticket
from microparks.apps.servicedesk.policies import county_of


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field taking several files; cleans to a list (possibly empty)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class TicketForm(forms.Form):
    """A tenant's new ticket, in one of the parks where the enterprise holds a lease."""

    park = forms.ModelChoiceField(queryset=Park.objects.none(), label=_("Park"))
    category = forms.ChoiceField(
        choices=Ticket.Category.choices,
        label=_("Category"),
        # Choosing a category fetches the library's suggestions for it (htmx).
        widget=forms.Select(
            attrs={
                "hx-get": reverse_lazy("servicedesk:portal_suggest"),
                "hx-target": "#suggestions",
                "hx-trigger": "change",
            }
        ),
    )
    priority = forms.ChoiceField(
        choices=Ticket.Priority.choices, initial=Ticket.Priority.NORMAL, label=_("Priority")
    )
    title = forms.CharField(max_length=200, label=_("Title"))
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label=_("Description"))
    attachments = MultipleFileField(
        label=_("Attachments"),
        help_text=_("Up to 5 files: PDF, images, Word, Excel or text, 10 MB each"),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parks = Park.objects.filter(leases__enterprise=user.enterprise_id).distinct()
        self.fields["park"].queryset = parks  # type: ignore[attr-defined]
        if parks.count() == 1:
            self.fields["park"].initial = parks.first()


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Users offered by their names (full name, else username), not their usernames."""

    def label_from_instance(self, obj: Any) -> str:
        return person_name(obj)


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(queryset=Department.objects.none(), label=_("Department"))
    handler = PersonChoiceField(queryset=User.objects.none(), required=False, label=_("Handler"))

    def __init__(self, ticket: Ticket, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        county = county_of(ticket.park.region)
        departments = Department.objects.filter(region__in=county.descendant_ids())
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]
        self.fields["department"].initial = ticket.department_id
        handlers = User.objects.filter(role=Role.HANDLER, department__in=departments)
        self.fields["handler"].queryset = handlers  # type: ignore[attr-defined]


class ReassignForm(AssignForm):
    """Another department or handler for an escalated ticket, and why."""

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), label=_("Reason for reassigning")
    )

    def __init__(self, ticket: Ticket, *args: Any, **kwargs: Any) -> None:
        super().__init__(ticket, *args, **kwargs)
        self.fields["department"].initial = None


class TextForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Text"))


class AnswerForm(TextForm):
    attachments = MultipleFileField(label=_("Attachments"))


class ReplyForm(AnswerForm):
    """The desk's question or response to the enterprise, with files."""


class RateForm(forms.Form):
    score = forms.TypedChoiceField(
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
        label=_("Your rating (5 = very satisfied)"),
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Comment")
    )
