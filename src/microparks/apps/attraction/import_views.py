"""The project ledger's import (招商项目台账: upload → preview → job), wired from the shared flow.

The flow (:mod:`microparks.apps.attraction.import_flow`) is the enterprise directory's too;
the check and the save are :mod:`microparks.apps.attraction.imports`, which moves stages by the
pipeline's services. Officials and investment officers of the region import; others get 403.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy

from microparks.apps.attraction import imports
from microparks.apps.attraction.import_flow import TableImport, views
from microparks.apps.attraction.models import Prospect, ProspectImport
from microparks.apps.attraction.table_import import Progress, TablePlan
from microparks.apps.regions.models import Region


def _check(
    path: Path, region: Region, user: Any, name: str, progress: Progress | None
) -> TablePlan:
    return imports.check_prospects(path, region, user, file_name=name, progress=progress)


def _save(plan: TablePlan, user: Any, progress: Progress | None) -> ProspectImport:
    return imports.save_prospects(plan, user, progress=progress)


LEDGER = TableImport(
    kind="prospects",
    namespace="attraction",
    title=gettext_lazy("Import of a project ledger"),
    model=Prospect,
    record=ProspectImport,
    check=_check,
    save=_save,
    back="attraction:pipeline_list",
)
VIEWS = views(LEDGER)
