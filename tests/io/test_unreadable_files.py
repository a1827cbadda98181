"""A file named .xlsx that is no workbook is refused by the reader's own error, never a crash.

openpyxl raises zipfile.BadZipFile (not a zip) or KeyError (a zip without the workbook's
parts), which are neither ValueError nor OSError; every table reader turns them into its
"cannot read" error so that the CLI and the web report them by file name.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from microparks.io.census import CensusFormatError, read_census_counties
from microparks.io.errors import ImportFileError
from microparks.io.evaluation_records import RecordsFileError, read_evaluation_records
from microparks.io.matching_files import MatchingFileError, read_matching_table
from microparks.io.regions_data import RegionsError, read_regions
from microparks.io.spending import read_spending

READERS = [
    (read_matching_table, MatchingFileError),
    (read_spending, ImportFileError),
    (read_regions, RegionsError),
    (read_evaluation_records, RecordsFileError),
    (read_census_counties, CensusFormatError),
]


def _a_zip_that_is_no_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()


@pytest.mark.parametrize(("reader", "error"), READERS, ids=lambda r: getattr(r, "__name__", ""))
@pytest.mark.parametrize(
    "content", [b"plain text", b"", _a_zip_that_is_no_workbook()], ids=["text", "empty", "zip"]
)
def test_a_fake_workbook_is_refused_by_the_readers_error(
    tmp_path: Path, reader, error, content: bytes
) -> None:
    path = tmp_path / "table.xlsx"
    path.write_bytes(content)
    with pytest.raises(error):
        reader(path)
