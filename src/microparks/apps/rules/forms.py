"""Forms of the rules pages: a new version (YAML), a new document, an import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from microparks.apps.common.revision_forms import seen_field
from microparks.apps.jobs.uploads import LimitedFileField
from microparks.apps.parks.models import Park
from microparks.apps.regions.models import Region
from microparks.apps.rules import kinds, services
from microparks.apps.rules.models import Kind
from microparks.io.rules import DocumentError, decode_text

MAX_DOCUMENT_BYTES = 512 * 1024


class VersionForm(forms.Form):
    """The text and the words around it of a new version of a document."""

    title = forms.CharField(label=_("Title"), max_length=200)
    content = forms.CharField(
        label=_("Rules (YAML)"),
        widget=forms.Textarea(attrs={"rows": 28, "class": "code", "spellcheck": "false"}),
        max_length=MAX_DOCUMENT_BYTES,
    )
    source = forms.CharField(
        label=_("Source"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The notice, method or decision the rules rest on."),
    )
    note = forms.CharField(
        label=_("What changed and why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # The revision of the version the page showed: a draft changed since is not overwritten.
    revision_seen = seen_field()


class DocumentForm(VersionForm):
    """A new document: its short name and where it applies, besides the version's text."""

    name = forms.SlugField(
        label=_("Short name"),
        max_length=60,
        help_text=_("Letters, digits and hyphens, e.g. county-2027"),
    )
    place = forms.ChoiceField(label=_("Applies to"))

    field_order = ["title", "name", "place", "source", "note", "content"]

    def __init__(self, user: Any, kind: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        place: Any = self.fields["place"]
        place.choices = place_choices(user, kind)

    def clean_place(self) -> tuple[Region | None, Park | None]:
        return parse_place(self.cleaned_data["place"])


class ImportForm(forms.Form):
    """A YAML file exported from this or another deployment, to become a draft."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    file = LimitedFileField(label=_("YAML file"), kind="rules")

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(_("The file is larger than 512 KB."))
        try:
            return decode_text(upload.read())
        except DocumentError as exc:
            raise services.refusal(exc) from None


def place_choices(user: Any, kind: str) -> list[tuple[str, str]]:
    """Where ``user`` may write documents of ``kind``: the platform, regions, parks."""
    places = services.places_for(kind)
    out: list[tuple[str, str]] = []
    if kinds.PLATFORM in places and services.may_draft(user, kind):
        out.append(("platform", str(_("Whole platform"))))
    regions = Region.objects.restrict(user).order_by("code")
    for region in regions:
        if services.may_draft(user, kind, region):
            out.append((f"r{region.pk}", f"{region.get_level_display()} · {region.name}"))
    if kinds.PARK in places:
        for park in Park.objects.restrict(user).select_related("region").order_by("name"):
            if services.may_draft(user, kind, park.region, park):
                out.append((f"p{park.pk}", f"{_('Park')} · {park.name}"))
    return out


def parse_place(value: str) -> tuple[Region | None, Park | None]:
    """The region or park a place choice names (``platform``, ``r<id>``, ``p<id>``)."""
    if value == "platform":
        return None, None
    if value.startswith("p"):
        park = Park.objects.select_related("region").get(pk=int(value[1:]))
        return park.region, park
    return Region.objects.get(pk=int(value[1:])), None
