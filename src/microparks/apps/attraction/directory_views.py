"""The enterprise directory's import (企业名录: upload → preview → job) and its export.

The enterprise pages themselves are the pages app's; these views are the directory's own
workflow, checked like the pipeline's actions (officials and investment officers, each in
their region). The export is in the import's layout, so it imports back as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from microparks.apps.attraction import directory_import as imports
from microparks.apps.attraction.import_flow import IMPORT_ROLES, TableImport, views
from microparks.apps.attraction.table_import import Progress, TablePlan, vocabulary_of
from microparks.apps.common.exports import XLSX, download
from microparks.apps.common.permissions import role_required
from microparks.apps.enterprises.exports import export_enterprises, page_lang
from microparks.apps.enterprises.models import Enterprise, EnterpriseImport
from microparks.apps.regions.models import Region


def _check(
    path: Path, region: Region, _user: Any, name: str, progress: Progress | None
) -> TablePlan:
    return imports.check_enterprises(path, region, file_name=name, progress=progress)


def _save(plan: TablePlan, user: Any, progress: Progress | None) -> EnterpriseImport:
    return imports.save_enterprises(plan, user, progress=progress)


DIRECTORY = TableImport(
    kind="enterprises",
    namespace="enterprises",
    title=gettext_lazy("Import of an enterprise directory"),
    model=Enterprise,
    record=EnterpriseImport,
    check=_check,
    save=_save,
    back="web:enterprise_list",
)
VIEWS = views(DIRECTORY)


@role_required(IMPORT_ROLES)
def enterprise_export(request: HttpRequest) -> HttpResponse:
    """The enterprises the user may see, in the directory import's layout (``.xlsx``)."""
    user: Any = request.user
    vocabulary, _doc = vocabulary_of("enterprises", user.region)
    firms = Enterprise.objects.restrict(user)
    data = export_enterprises(firms, vocabulary, page_lang(), _)
    return download(data, XLSX, "enterprises", "xlsx")
