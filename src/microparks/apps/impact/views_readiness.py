"""The readiness page: which counties are ready for the micro-park model, and computing it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pandas as pd
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from microparks.apps.base import Role
from microparks.apps.common.permissions import PARK_ROLES, role_required
from microparks.apps.impact import readiness as readiness_data
from microparks.apps.impact.readiness_forms import ReadinessComputeForm
from microparks.apps.impact.readiness_jobs import READINESS, upload_folder
from microparks.apps.jobs.runner import enqueue
from microparks.apps.jobs.uploads import save_upload
from microparks.apps.regions.models import Region
from microparks.core.messages import text_of
from microparks.core.replicability import ReadinessScheme, eligibility_reason

STATUS_LABELS = {
    "scored": gettext_lazy("scored"),
    "not_known": gettext_lazy("not known here: scored on the other indicators"),
    "missing": gettext_lazy("missing: a required indicator, so no score"),
    "sparse": gettext_lazy("known for too few regions to be scored"),
    "absent": gettext_lazy("not in the data"),
}

SCORE_BANDS = ("0–0.2", "0.2–0.4", "0.4–0.6", "0.6–0.8", "0.8–1")
"""The map legend's score classes, one per colour of the palette."""


def _clean(value: Any) -> Any:
    """Template-safe cell: None for NaN/NA (pandas' NA has no truth value)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value


def _not_eligible(value: Any, scheme: ReadinessScheme | None) -> Any:
    """The file's reason a region is not scored, in the user's language when the scheme wrote it."""
    value = _clean(value)
    reason = eligibility_reason(value, scheme) if value and scheme is not None else None
    return reason.text(_) if reason is not None else value


def _row(
    code: str, row: pd.Series, group: str | None, scheme: ReadinessScheme | None
) -> dict[str, Any]:
    keys = (
        "name", "score", "rank", "top_strength", "top_weakness", "missing", "not_eligible",
        "not_known",
    )  # fmt: skip
    out = {k: _clean(row.get(k)) for k in keys}
    out["code"] = code
    out["group"] = _clean(row.get(group)) if group else ""
    if out["rank"] is not None:
        out["rank"] = int(out["rank"])
    out["not_eligible"] = _not_eligible(out["not_eligible"], scheme)
    return out


COMPUTE_ROLES = frozenset({Role.OFFICIAL})
"""Who may compute the readiness ranking from the page (and administrators), like spending."""


def _may_compute(request: HttpRequest) -> bool:
    user: Any = request.user
    admin = user.is_superuser or user.role == Role.ADMIN
    return bool(user.has_role(*COMPUTE_ROLES) and (user.region_id or admin))


def _compute(request: HttpRequest) -> HttpResponse | ReadinessComputeForm:
    """Save the uploads and enqueue the readiness job; the form again when it is not valid."""
    form = ReadinessComputeForm(request.POST, request.FILES)
    if not form.is_valid():
        return form
    user: Any = request.user
    # a job belongs to a region: the official's county, an administrator's first top region
    region = user.region or Region.objects.filter(parent=None).order_by("pk").first()
    if region is None:
        form.add_error(None, _("There is no region yet to record the computation under."))
        return form
    folder = upload_folder()
    params: dict[str, Any] = {"language": translation.get_language()}
    for field in ("census", "boundaries"):
        upload = form.cleaned_data.get(field)
        if not upload:
            continue
        path = save_upload(upload, folder / f"{field}{Path(upload.name).suffix.lower()}")
        params[field], params[f"{field}_name"] = str(path), Path(upload.name).name
    job = enqueue(READINESS, region=region, user=user, params=params)
    return redirect("jobs:detail", pk=job.pk)


def _modified(path: Path | None) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC) if path else None
    except OSError:  # replaced by a newer ranking in the meantime
        return None


@role_required(PARK_ROLES)
def readiness(request: HttpRequest) -> HttpResponse:
    """The ranking of regions by readiness; officials compute it from an uploaded census."""
    may_compute = _may_compute(request)
    form = ReadinessComputeForm() if may_compute else None
    if request.method == "POST":
        if not may_compute:
            raise PermissionDenied
        outcome = _compute(request)
        if isinstance(outcome, HttpResponse):
            return outcome
        form = outcome
    frame = readiness_data.load_readiness()
    path = readiness_data.readiness_file()
    context: dict[str, Any] = {
        "frame": frame is not None,
        "path": path,
        "compute_form": form,
        "configured": bool(settings.READINESS_FILE),
        "computed_at": _modified(path) if frame is not None else None,
    }
    if frame is None:
        return render(request, "impact/readiness.html", context)
    group = readiness_data.group_column(frame)
    groups = sorted(frame[group].dropna().unique()) if group else []
    chosen = request.GET.get("group", "")
    shown = frame[frame[group] == chosen] if group and chosen in groups else frame
    ranked = shown.sort_values(["score"], ascending=False, na_position="last")
    peer_code = request.GET.get("peer", "").strip()
    known = peer_code in frame.index
    pilot = _clean(frame.loc[peer_code].get("name", "")) if known else None
    explanation = _explanation(frame, peer_code) if known else None
    peers, peer_error = _peers(frame, peer_code, group) if peer_code else (None, None)
    tolerance = 0.005 if shown is not frame else 0.05
    scheme = _scheme(frame)
    context.update(
        {
            "groups": groups,
            "chosen": chosen,
            "group_label": _("Province") if group == "province" else _("State"),
            "rows": [_row(code, row, group, scheme) for code, row in ranked.head(100).iterrows()],
            "counts": _counts(shown),
            "geojson": readiness_data.readiness_geojson(
                chosen if shown is not frame else "", tolerance, reverse("impact:readiness")
            ),
            "legend": list(zip(readiness_data.PALETTE, SCORE_BANDS, strict=True)),
            "peer_code": peer_code,
            "pilot": pilot,
            "peers": peers,
            "peer_error": peer_error,
            "explanation": explanation,
        }
    )
    return render(request, "impact/readiness.html", context)


def _explanation(frame: pd.DataFrame, code: str) -> dict[str, Any]:
    """Why a region scores as it does: each indicator's status, the score and its coverage."""
    return {
        "items": [
            {**item, "status_label": STATUS_LABELS[item["status"]]}
            for item in readiness_data.explain(frame, code)
        ],
        "score": _clean(frame.loc[code].get("score")),
        "weight_known": _clean(frame.loc[code].get("weight_known")),
        "not_eligible": _not_eligible(frame.loc[code].get("not_eligible"), _scheme(frame)),
    }


def _peers(
    frame: pd.DataFrame, code: str, group: str | None
) -> tuple[list[dict[str, Any]] | None, str | None]:
    """The region's nearest peers, or why there are none (unknown code, missing indicator)."""
    try:
        result = readiness_data.peers_for(frame, code)
        peers = [
            {
                "code": peer,
                "name": frame.loc[cast(str, peer)].get("name", ""),
                "group": frame.loc[cast(str, peer)].get(group, "") if group else "",
                "distance": row["distance"],
                "differs": differs.text(_),
            }
            for (peer, row), differs in zip(result.table.iterrows(), result.differs, strict=True)
        ]
    except (KeyError, ValueError) as exc:
        return None, _("No peers for %(code)s: %(e)s") % {"code": code, "e": text_of(exc, _)}
    return peers, None


def _scheme(frame: pd.DataFrame) -> ReadinessScheme | None:
    """The scheme the page explains the file by, or None when it cannot be read."""
    try:
        return readiness_data.page_scheme(frame)
    except (OSError, ValueError):  # a configured scheme that is gone or malformed
        return None


def _counts(shown: pd.DataFrame) -> dict[str, int]:
    """Regions shown, scored, missing a required indicator, and scored without an optional one."""
    missing = shown.get("missing", pd.Series(dtype=str)).fillna("") != ""
    not_known = shown.get("not_known", pd.Series(dtype=str)).fillna("") != ""
    return {
        "regions": len(shown),
        "scored": int(shown["score"].notna().sum()),
        "missing": int(missing.sum()),
        "not_known": int((not_known & shown["score"].notna()).sum()),
    }
