"""The tenant record a signing creates: the credit code checked, the enterprise found or made."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from microparks.apps.attraction.models import Prospect
from microparks.apps.enterprises.models import Enterprise
from microparks.core.codes import CreditCodeError, check_credit_code


def checked_credit_code(credit_code: str) -> str:
    """The credit code in capitals, its check character verified; "" when none is given."""
    code = credit_code.strip().upper()
    if code:
        try:
            code = check_credit_code(code)
        except CreditCodeError as exc:
            raise ValidationError({"credit_code": str(exc)}) from None
    return code


def tenant_of(prospect: Prospect, credit_code: str, size: str) -> Enterprise:
    """The prospect's enterprise: found by credit code, or created in the park's region."""
    found: Enterprise | None = Enterprise.objects.filter(credit_code=credit_code).first()
    if found is not None:
        return found
    region = prospect.target_park.region if prospect.target_park else prospect.region
    firm = Enterprise(
        credit_code=credit_code,
        name=prospect.company_name,
        industry=prospect.industry,
        region=region,
        size=size,
        origin_region=prospect.origin_region,
    )
    firm.full_clean()
    firm.save()
    return firm
