"""Identifiers used across the platform: unified social credit codes (GB 32100-2015)."""

from microparks.core.codes.credit_code import (
    CreditCodeError,
    calc_credit_code_check,
    check_credit_code,
    is_credit_code,
)

__all__ = ["CreditCodeError", "calc_credit_code_check", "check_credit_code", "is_credit_code"]
