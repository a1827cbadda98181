"""The individual job-seeker register (issue 23 item 7): personal data under PIPL.

Encrypted at rest, masked in lists and exports, only for the labour-service role of the county,
consent required, deleted at the end of retention or on request, every access audited.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import stat
from typing import Any

import openpyxl
import pytest
from cryptography.fernet import Fernet
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from microparks.apps.audit.models import AuditEntry
from microparks.apps.base import Role
from microparks.apps.labour import jobseekers_crypto
from microparks.apps.labour.jobseekers import purge_expired
from microparks.apps.labour.jobseekers_models import JobSeeker
from microparks.apps.labour.models import Vacancy
from microparks.core.labour.personal import (
    ID_WEIGHTS,
    id_check_character,
    mask_id_number,
    mask_phone,
    valid_id_number,
)
from microparks.io.key_files import read_or_create_keys

pytestmark = pytest.mark.django_db
KEY_A, KEY_B = Fernet.generate_key().decode(), Fernet.generate_key().decode()
PHONE, ID_NUMBER, NAME = "13812345678", "11010519491231002X", "韦秀梅"
LIST = reverse("labour:seeker_list")
NEW = reverse("labour:seeker_new")
FORM = {
    "name": "黄建华",
    "phone": "139-2233-4455",
    "id_number": "",
    "skills": "电焊、缝纫",
    "wanted_work": "工厂普工",
    "availability": "full_time",
    "available_from": "2026-08-01",
    "consent": "on",
    "consent_at": "2026-07-01T10:00",
    "consent_method": "paper",
    "consent_version": "2026-1",
    "delete_after": "",
}


@pytest.fixture(autouse=True)
def _field_key(settings: Any) -> None:
    settings.FIELD_KEY = KEY_A


def _seeker(county: Any, **more: Any) -> JobSeeker:
    values: dict[str, Any] = {
        "region": county.county,
        "township": county.township,
        "name": NAME,
        "phone": PHONE,
        "id_number": ID_NUMBER,
        "skills": "缝纫、包装",
        "availability": "full_time",
        "consent_at": timezone.now(),
        "consent_method": "paper",
        "consent_version": "2026-1",
    }
    return JobSeeker.objects.create(**(values | more))


def _login(client: Any, county: Any, role: str = Role.LABOUR_SERVICE) -> Any:
    client.force_login(county.users[role])
    return county.users[role]


def _all_audit_text() -> str:
    return json.dumps(
        list(AuditEntry.objects.values("object_repr", "object_id", "changes")),
        ensure_ascii=False,
    )


# --- the numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("11010519491231002X", True),  # GB 11643-1999's own example
        ("11010519491231002x", True),  # lower-case x
        ("110105194912310021", False),  # wrong check character
        ("11010519491331002X", False),  # month 13
        ("1101051949123100", False),  # too short
        ("01010519491231002X", False),  # area code cannot start with 0
    ],
)
def test_id_check_character(number: str, valid: bool) -> None:
    assert valid_id_number(number) is valid


def test_check_character_of_every_remainder() -> None:
    # GB 11643's weights; 17 ones weigh 100, 100 mod 11 = 1 -> "0"; 17 zeros -> "1"
    assert ID_WEIGHTS == (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    assert id_check_character("1" * 17) == "0"
    assert id_check_character("0" * 17) == "1"


def test_masks() -> None:
    assert mask_phone("+86 138-1234-5678") == "138****5678"
    assert mask_id_number("110105194912311234") == "110***********1234"


# --- encryption at rest -------------------------------------------------------------------


def test_the_database_holds_no_plaintext_numbers(home: Any) -> None:
    seeker = _seeker(home)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT phone, id_number, phone_index FROM labour_jobseeker WHERE id = %s", [seeker.pk]
        )
        phone, id_number, index = cursor.fetchone()
    for raw in (phone, id_number, index):
        assert PHONE not in raw
        assert ID_NUMBER not in raw
        assert "5678" not in raw
    assert Fernet(KEY_A).decrypt(phone.encode()).decode() == PHONE
    assert Fernet(KEY_A).decrypt(id_number.encode()).decode() == ID_NUMBER
    assert index == jobseekers_crypto.blind_index(PHONE)
    fresh = JobSeeker.objects.get(pk=seeker.pk)
    assert (fresh.phone, fresh.id_number) == (PHONE, ID_NUMBER)


def test_the_blind_index_finds_a_duplicate_phone(client: Any, home: Any) -> None:
    _seeker(home, phone="13922334455")
    _login(client, home)
    response = client.post(NEW, {**FORM, "township": home.township.pk})
    assert response.status_code == 200
    assert JobSeeker.objects.count() == 1


def test_the_key_file_is_made_on_first_use_readable_by_its_owner(
    settings: Any, tmp_path: Any
) -> None:
    settings.FIELD_KEY = ""
    settings.FIELD_KEY_FILE = tmp_path / "field_key"
    token = jobseekers_crypto.encrypt("x")
    assert stat.S_IMODE(settings.FIELD_KEY_FILE.stat().st_mode) == 0o600
    key = settings.FIELD_KEY_FILE.read_text().strip()
    assert Fernet(key).decrypt(token.encode()) == b"x"
    jobseekers_crypto.reset_keys()
    assert jobseekers_crypto.decrypt(token) == "x"  # read back from the file


def test_a_key_file_made_once_is_kept(tmp_path: Any) -> None:
    path = tmp_path / "keys" / "field_key"
    first = read_or_create_keys(path, lambda: "one")
    assert read_or_create_keys(path, lambda: "two") == first == ["one"]
    assert [p.name for p in path.parent.iterdir()] == ["field_key"]  # no temporary file left


def test_key_rotation_with_several_keys(settings: Any, home: Any) -> None:
    seeker = _seeker(home)
    settings.FIELD_KEY = f"{KEY_B},{KEY_A}"  # the new key first, the old one still decrypts
    assert JobSeeker.objects.get(pk=seeker.pk).phone == PHONE
    call_command("reencrypt_jobseekers", stdout=io.StringIO())
    settings.FIELD_KEY = KEY_B  # the old key gone
    fresh = JobSeeker.objects.get(pk=seeker.pk)
    assert (fresh.phone, fresh.id_number) == (PHONE, ID_NUMBER)
    assert fresh.phone_index == jobseekers_crypto.blind_index(PHONE)


# --- the audit log ------------------------------------------------------------------------


def test_the_audit_log_records_changes_without_the_values(home: Any) -> None:
    seeker = _seeker(home)
    seeker.phone, seeker.skills = "13700001111", "电工"
    seeker.save()
    created = AuditEntry.objects.get(model="labour.jobseeker", action="create")
    assert created.changes["new"]["phone"] == "changed"
    assert created.changes["new"]["township_id"] == home.township.pk  # not personal alone
    updated = AuditEntry.objects.get(model="labour.jobseeker", action="update")
    assert updated.changes["phone"] == "changed"
    assert updated.changes["skills"] == "changed"
    text = _all_audit_text()
    for value in (PHONE, "13700001111", ID_NUMBER, NAME, "电工", seeker.phone_index):
        assert value not in text


def test_the_detail_page_shows_the_numbers_and_is_an_audit_entry(client: Any, home: Any) -> None:
    seeker = _seeker(home)
    user = _login(client, home)
    page = client.get(reverse("labour:seeker_detail", args=[seeker.pk])).content.decode()
    assert PHONE in page
    assert ID_NUMBER in page
    entry = AuditEntry.objects.get(action=AuditEntry.Action.VIEW)
    assert (entry.user, entry.model, entry.object_id) == (user, "labour.jobseeker", str(seeker.pk))


def test_no_page_or_export_of_personal_data_is_cached(client: Any, home: Any) -> None:
    seeker = _seeker(home)
    _login(client, home)
    pages = [
        LIST,
        reverse("labour:seeker_detail", args=[seeker.pk]),
        reverse("labour:seeker_edit", args=[seeker.pk]),
        reverse("labour:seeker_export", args=["csv"]),
        reverse("labour:seeker_export", args=["xlsx"]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


# --- masking in lists and exports ---------------------------------------------------------


def test_the_list_masks_and_is_logged(client: Any, home: Any) -> None:
    seeker = _seeker(home)
    user = _login(client, home)
    page = client.get(LIST).content.decode()
    assert NAME in page
    assert "138****5678" in page
    assert "110***********002X" in page
    assert PHONE not in page
    assert ID_NUMBER not in page
    entry = AuditEntry.objects.get(action=AuditEntry.Action.VIEW)
    assert entry.user == user
    assert entry.changes["ids"] == [seeker.pk]


def test_filters_by_township_and_skill(client: Any, home: Any, qinglan: Any) -> None:
    a = _seeker(home, skills="电焊")
    b = _seeker(home, phone="13900000001", township=qinglan, skills="缝纫")
    _login(client, home)
    assert f"seeker-{a.pk}" in client.get(LIST, {"skill": "电焊"}).content.decode()
    assert f"seeker-{b.pk}" not in client.get(LIST, {"skill": "电焊"}).content.decode()
    page = client.get(LIST, {"township": qinglan.pk}).content.decode()
    assert f"seeker-{b.pk}" in page
    assert f"seeker-{a.pk}" not in page


def test_the_exports_are_masked_and_logged(client: Any, home: Any) -> None:
    seeker = _seeker(home)
    user = _login(client, home)
    csv = client.get(reverse("labour:seeker_export", args=["csv"])).content.decode("utf-8-sig")
    assert NAME in csv
    assert "138****5678" in csv
    assert "110***********002X" in csv
    assert PHONE not in csv
    assert ID_NUMBER not in csv
    data = client.get(reverse("labour:seeker_export", args=["xlsx"])).content
    cells = [str(c) for row in openpyxl.load_workbook(io.BytesIO(data)).active.values for c in row]
    assert "138****5678" in cells
    assert NAME in cells
    assert not any(PHONE in c or ID_NUMBER in c for c in cells)
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT)
    assert [(e.user, e.changes["ids"], e.changes["format"]) for e in entries.order_by("pk")] == [
        (user, [seeker.pk], "csv"),
        (user, [seeker.pk], "xlsx"),
    ]


# --- the permission matrix ----------------------------------------------------------------


def _urls(seeker: JobSeeker, vacancy: Vacancy) -> list[str]:
    return [
        LIST,
        NEW,
        reverse("labour:seeker_export", args=["csv"]),
        reverse("labour:seeker_export", args=["xlsx"]),
        reverse("labour:seeker_detail", args=[seeker.pk]),
        reverse("labour:seeker_edit", args=[seeker.pk]),
        reverse("labour:seeker_erase", args=[seeker.pk]),
        reverse("labour:seeker_matches", args=[vacancy.pk]),
    ]


def _vacancy(county: Any) -> Vacancy:
    return Vacancy.objects.create(
        enterprise=county.enterprise,
        park=county.park,
        post="缝纫工",
        number=3,
        skills="缝纫",
        wage_min_cny=3000,
        wage_max_cny=4000,
        shifts="day",
        start_date=dt.date(2026, 7, 1),
        contact_phone="0771-7654321",
    )


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_role_of_both_counties_on_every_page(
    client: Any, home: Any, other: Any, role: str
) -> None:
    seeker, vacancy = _seeker(home), _vacancy(home)
    for county in (home, other):
        client.force_login(county.users[role])
        for url in _urls(seeker, vacancy):
            status = client.get(url).status_code
            if role != Role.LABOUR_SERVICE:
                expected = 403  # the administrator too: not through the pages
            elif county is other and url not in _urls(seeker, vacancy)[:4]:
                expected = 404  # another county's record or vacancy
            else:
                expected = 200
            assert status == expected, (role, county.county.name, url, status)
            if county is other:  # nothing of the home county's person, in any answer
                assert NAME.encode() not in client.get(url).content  # (xlsx: zipped)
        if role != Role.LABOUR_SERVICE or county is other:
            response = client.post(reverse("labour:seeker_erase", args=[seeker.pk]))
            assert response.status_code in (403, 404)
    assert JobSeeker.objects.filter(pk=seeker.pk).exists()
    audit = AuditEntry.objects.filter(action__in=["view", "export"])
    if role == Role.LABOUR_SERVICE:  # the other county's service read only its empty lists
        assert audit.filter(user=home.users[role]).exists()
        seen = audit.filter(user=other.users[role]).values_list("changes", flat=True)
        assert seen
        assert all(c["ids"] == [] for c in seen)
    else:
        assert not audit.exists()


def test_the_other_countys_labour_service_lists_nothing_of_ours(
    client: Any, home: Any, other: Any
) -> None:
    _seeker(home)
    _login(client, other)
    assert NAME not in client.get(LIST).content.decode()
    csv = client.get(reverse("labour:seeker_export", args=["csv"])).content.decode("utf-8-sig")
    assert NAME not in csv


def test_the_model_is_not_in_the_django_admin() -> None:
    assert JobSeeker not in admin.site._registry


def test_the_labour_service_reads_its_countys_vacancies_only(
    client: Any, home: Any, other: Any
) -> None:
    mine, theirs = _vacancy(home), _vacancy(other)
    _login(client, home)
    page = client.get(reverse("labour:vacancy_list")).content.decode()
    assert f"vacancy-{mine.pk}" in page
    assert f"vacancy-{theirs.pk}" not in page
    assert client.get(reverse("labour:vacancy_new")).status_code == 403
    status = reverse("labour:vacancy_status", args=[mine.pk])
    assert client.post(status, {"status": "filled"}).status_code == 403
    for name in ("labour:record_list", "web:enterprise_list"):
        assert client.get(reverse(name)).status_code == 403, name
    assert client.get(reverse("labour:pool")).status_code == 200  # the county's pool, read-only
    assert f'href="{reverse("labour:pool")}"' in page  # and the menu leads there


# --- consent, registration, matching ------------------------------------------------------


def test_no_consent_no_record(client: Any, home: Any) -> None:
    _login(client, home)
    for missing in ("consent", "consent_at", "consent_method", "consent_version"):
        form = {k: v for k, v in FORM.items() if k != missing}
        response = client.post(NEW, {**form, "township": home.township.pk})
        assert response.status_code == 200, missing
    assert not JobSeeker.objects.exists()


def test_registration_with_consent_and_default_retention(
    client: Any, home: Any, settings: Any
) -> None:
    settings.JOBSEEKER_RETENTION_DAYS = 730
    user = _login(client, home)
    response = client.post(NEW, {**FORM, "township": home.township.pk})
    assert response.status_code == 302, response.content.decode()[:3000]
    seeker = JobSeeker.objects.get()
    assert (seeker.phone, seeker.region, seeker.consent_by) == ("13922334455", home.county, user)
    assert seeker.delete_after == dt.date(2026, 7, 1) + dt.timedelta(days=730)
    assert seeker.status == JobSeeker.Status.ACTIVE


def test_delete_after_may_shorten_the_retention_never_lengthen_it(
    client: Any, home: Any, settings: Any
) -> None:
    settings.JOBSEEKER_RETENTION_DAYS = 30
    _login(client, home)
    form = {**FORM, "township": home.township.pk}
    assert client.post(NEW, {**form, "delete_after": "2026-08-01"}).status_code == 200
    assert not JobSeeker.objects.exists()
    assert client.post(NEW, {**form, "delete_after": "2026-07-15"}).status_code == 302
    assert JobSeeker.objects.get().delete_after == dt.date(2026, 7, 15)


def test_a_wrong_id_number_or_another_countys_township_is_refused(
    client: Any, home: Any, other: Any
) -> None:
    _login(client, home)
    bad_id = {**FORM, "township": home.township.pk, "id_number": "110105194912310021"}
    assert client.post(NEW, bad_id).status_code == 200
    foreign = {**FORM, "township": other.township.pk}
    assert client.post(NEW, foreign).status_code == 200
    assert not JobSeeker.objects.exists()
    seeker = JobSeeker(
        region=home.county, township=home.township, name="x", phone="123", id_number="1"
    )
    with pytest.raises(ValidationError) as refused:
        seeker.clean()
    assert set(refused.value.message_dict) == {"phone", "id_number"}


def test_matching_lists_fitting_active_seekers_masked(client: Any, home: Any, other: Any) -> None:
    vacancy = _vacancy(home)
    fits = _seeker(home, skills="缝纫")
    _seeker(home, phone="13900000002", skills="电工")
    _seeker(home, phone="13900000003", skills="缝纫", status=JobSeeker.Status.WITHDRAWN)
    _seeker(other, skills="缝纫")
    _login(client, home)
    page = client.get(reverse("labour:seeker_matches", args=[vacancy.pk])).content.decode()
    assert page.count("138****5678") == 1
    assert PHONE not in page
    entry = AuditEntry.objects.get(action=AuditEntry.Action.VIEW)
    assert entry.changes == {"ids": [fits.pk], "vacancy": vacancy.pk}


# --- erasure and retention ----------------------------------------------------------------


def test_erasure_on_request_leaves_no_personal_data(client: Any, home: Any) -> None:
    seeker = _seeker(home)
    user = _login(client, home)
    client.get(reverse("labour:seeker_detail", args=[seeker.pk]))
    client.post(
        reverse("labour:seeker_edit", args=[seeker.pk]),
        {
            **FORM,
            "name": NAME,
            "phone": PHONE,
            "id_number": ID_NUMBER,
            "township": home.township.pk,
            "status": "active",
            "delete_after": "2028-07-01",
        },
    )
    response = client.post(reverse("labour:seeker_erase", args=[seeker.pk]))
    assert response.status_code == 302
    assert not JobSeeker.objects.exists()
    erased = AuditEntry.objects.get(action=AuditEntry.Action.ERASE)
    assert (erased.user, erased.object_id) == (user, str(seeker.pk))
    assert erased.changes == {"reason": "on request"}
    text = _all_audit_text()
    # The masked phone too (a bare "138" would match any id or timestamp in the entries).
    for value in (NAME, PHONE, ID_NUMBER, mask_phone(PHONE), "缝纫"):
        assert value not in text
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM labour_jobseeker")
        assert cursor.fetchone()[0] == 0


def test_the_purge_erases_records_past_their_date(home: Any) -> None:
    old = _seeker(home, delete_after=dt.date(2026, 1, 31))
    due_today = _seeker(home, phone="13900000004", delete_after=dt.date(2026, 2, 1))
    out = io.StringIO()
    call_command("purge_jobseekers", "--today", "2026-02-01", stdout=out)
    assert "1" in out.getvalue()
    assert list(JobSeeker.objects.values_list("pk", flat=True)) == [due_today.pk]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ERASE)
    assert (entry.object_id, entry.user) == (str(old.pk), None)
    assert entry.changes == {"reason": "retention period over"}
    assert purge_expired(dt.date(2026, 2, 2)) == [due_today.pk]
    assert NAME not in _all_audit_text()
