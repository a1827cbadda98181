r"""Input–output arithmetic: coefficients, the Leontief system, multipliers and linkages.

Pure numpy/scipy functions in the style of pymrio's ``iomath.py``: arrays in, arrays out. The
Leontief inverse :math:`L = (I - A)^{-1}` is never formed by an explicit inverse. Multipliers are
column sums of weighted rows of ``L``, so each one is a single solve of the transposed system
:math:`(I - A)^\top y = w` on an LU factorisation computed once; the full ``L`` (when a caller
really needs it) is ``lu_solve`` of the identity on that same factorisation.

References
----------
Miller, R. E. & Blair, P. D. (2009). *Input–Output Analysis: Foundations and Extensions*,
2nd ed. Cambridge University Press. Ch. 2 (Leontief model, sec. 2.3), ch. 5 (commodity-by-industry
models, industry-technology, sec. 5.3), ch. 6 (multipliers, Type I and II, sec. 6.2–6.3),
ch. 12 (linkages, sec. 12.2).
Rasmussen, P. N. (1956). *Studies in Inter-Sectoral Relations*. Einar Harks, Copenhagen.

"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import scipy.linalg
from numpy.typing import ArrayLike, NDArray

from microparks.core.messages import MessageError, gettext_noop

FloatArray = NDArray[np.float64]

__all__ = [
    "LeontiefSolver",
    "UnproductiveTableError",
    "calc_A",
    "calc_B",
    "calc_D",
    "calc_L",
    "calc_closed_A",
    "calc_industry_A",
    "calc_linkages",
    "calc_spectral_radius",
    "check_productive",
    "factor_leontief",
]


class UnproductiveTableError(MessageError):
    """The technical coefficients cannot sustain any positive final demand (ρ(A) ≥ 1)."""


NOT_FINITE = gettext_noop("%(name)s contains NaN or infinite values")
ENTRIES = gettext_noop("%(name)s has %(size)s entries, expected %(expected)s")
NOT_SQUARE = gettext_noop("%(name)s must be square, got shape %(shape)s")


def _as_matrix(value: ArrayLike, name: str) -> FloatArray:
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim != 2:
        raise MessageError(
            gettext_noop("%(name)s must be a 2-D matrix, got %(ndim)s dimension(s)"),
            {"name": name, "ndim": arr.ndim},
        )
    if not np.all(np.isfinite(arr)):
        raise MessageError(NOT_FINITE, {"name": name})
    return arr


def _as_vector(value: ArrayLike, name: str, size: int | None = None) -> FloatArray:
    arr = np.asarray(value, dtype=np.float64).reshape(-1)
    if size is not None and arr.size != size:
        raise MessageError(ENTRIES, {"name": name, "size": arr.size, "expected": size})
    if not np.all(np.isfinite(arr)):
        raise MessageError(NOT_FINITE, {"name": name})
    return arr


def _safe_divide_columns(matrix: FloatArray, totals: FloatArray) -> FloatArray:
    # A sector with zero output has no recipe: its coefficients are zero, not NaN.
    inv = np.divide(1.0, totals, out=np.zeros_like(totals), where=totals != 0)
    return matrix * inv[np.newaxis, :]


def calc_A(Z: ArrayLike, x: ArrayLike) -> FloatArray:
    r"""Technical coefficients :math:`A = Z \hat{x}^{-1}`, i.e. :math:`a_{ij} = z_{ij} / x_j`.

    Parameters
    ----------
    Z : array_like, shape (n, n)
        Inter-industry flows, sellers in rows, buyers in columns.
    x : array_like, shape (n,)
        Total output of each sector. Sectors with zero output get zero coefficients.

    Returns
    -------
    numpy.ndarray, shape (n, n)

    Examples
    --------
    Miller & Blair (2009), sec. 2.3, table 2.3:

    >>> calc_A([[150, 500], [200, 100]], [1000, 2000])
    array([[0.15, 0.25],
           [0.2 , 0.05]])

    """
    z = _as_matrix(Z, "Z")
    if z.shape[0] != z.shape[1]:
        raise MessageError(NOT_SQUARE, {"name": "Z", "shape": str(z.shape)})
    return _safe_divide_columns(z, _as_vector(x, "x", z.shape[1]))


def calc_B(U: ArrayLike, g: ArrayLike) -> FloatArray:
    r"""Commodity-by-industry direct requirements :math:`B = U \hat{g}^{-1}`.

    Parameters
    ----------
    U : array_like, shape (m commodities, n industries)
        Use table: commodity inputs bought by each industry.
    g : array_like, shape (n,)
        Total industry output.

    Returns
    -------
    numpy.ndarray, shape (m, n)

    """
    u = _as_matrix(U, "U")
    return _safe_divide_columns(u, _as_vector(g, "g", u.shape[1]))


def calc_D(V: ArrayLike, q: ArrayLike) -> FloatArray:
    r"""Market shares :math:`D = V \hat{q}^{-1}` (industry-by-commodity).

    Parameters
    ----------
    V : array_like, shape (n industries, m commodities)
        Make table: commodities made by each industry.
    q : array_like, shape (m,)
        Total commodity output.

    Returns
    -------
    numpy.ndarray, shape (n, m)

    """
    v = _as_matrix(V, "V")
    return _safe_divide_columns(v, _as_vector(q, "q", v.shape[1]))


def calc_industry_A(
    V: ArrayLike,
    U: ArrayLike,
    g: ArrayLike | None = None,
    q: ArrayLike | None = None,
) -> FloatArray:
    r"""Industry-by-industry coefficients :math:`A = D B` (industry-technology assumption).

    Miller & Blair (2009), sec. 5.3.2, eq. (5.24): with market shares :math:`D = V\hat{q}^{-1}`
    and direct requirements :math:`B = U\hat{g}^{-1}`, the industry-by-industry total
    requirements are :math:`(I - DB)^{-1}`. This is the construction behind the BEA's
    industry-by-industry requirement tables.

    Parameters
    ----------
    V : array_like, shape (n industries, m commodities)
        Make table.
    U : array_like, shape (m commodities, n industries)
        Use table (intermediate part only).
    g : array_like, shape (n,), optional
        Industry output; the row sums of ``V`` when omitted.
    q : array_like, shape (m,), optional
        Commodity output; the column sums of ``V`` when omitted.

    Returns
    -------
    numpy.ndarray, shape (n, n)

    """
    v = _as_matrix(V, "V")
    u = _as_matrix(U, "U")
    if u.shape != (v.shape[1], v.shape[0]):
        raise MessageError(
            gettext_noop("U must have shape %(expected)s to match V, got %(shape)s"),
            {"expected": str((v.shape[1], v.shape[0])), "shape": str(u.shape)},
        )
    g_arr = v.sum(axis=1) if g is None else _as_vector(g, "g", v.shape[0])
    q_arr = v.sum(axis=0) if q is None else _as_vector(q, "q", v.shape[1])
    return calc_D(v, q_arr) @ calc_B(u, g_arr)


def calc_spectral_radius(A: ArrayLike) -> float:
    """Largest absolute eigenvalue of ``A`` (dense eigenvalue solver; use on refusal paths).

    Parameters
    ----------
    A : array_like, shape (n, n)
        Any square matrix.

    Returns
    -------
    float

    """
    a = _as_matrix(A, "A")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(np.linalg.eigvals(a))))


@dataclass(frozen=True)
class LeontiefSolver:
    """An LU factorisation of :math:`I - A`, computed once and reused for every solve.

    Attributes
    ----------
    lu, piv : numpy.ndarray
        The output of :func:`scipy.linalg.lu_factor`.
    n : int
        Number of sectors.

    """

    lu: FloatArray
    piv: NDArray[np.int32]
    n: int

    def solve(self, rhs: ArrayLike) -> FloatArray:
        """Solve :math:`(I - A) x = b` (Leontief quantity model: ``x = L f``)."""
        return np.asarray(scipy.linalg.lu_solve((self.lu, self.piv), rhs, trans=0), np.float64)

    def solve_transposed(self, rhs: ArrayLike) -> FloatArray:
        r"""Solve :math:`(I - A)^\top y = w`, i.e. :math:`y^\top = w^\top L` (multipliers)."""
        return np.asarray(scipy.linalg.lu_solve((self.lu, self.piv), rhs, trans=1), np.float64)


def factor_leontief(A: ArrayLike, *, check: bool = True) -> LeontiefSolver:
    r"""Factor :math:`I - A` once, refusing an unproductive table.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Technical coefficients.
    check : bool, default True
        Run :func:`check_productive` first.

    Returns
    -------
    LeontiefSolver

    Raises
    ------
    UnproductiveTableError
        When :math:`\rho(A) \ge 1` (only with ``check``).

    """
    a = _as_matrix(A, "A")
    if a.shape[0] != a.shape[1]:
        raise MessageError(NOT_SQUARE, {"name": "A", "shape": str(a.shape)})
    n = a.shape[0]
    with warnings.catch_warnings():
        # A singular I - A is reported by check_productive with the spectral radius.
        warnings.simplefilter("ignore", scipy.linalg.LinAlgWarning)
        lu, piv = scipy.linalg.lu_factor(np.eye(n) - a, check_finite=False)
    solver = LeontiefSolver(lu=np.asarray(lu, np.float64), piv=np.asarray(piv, np.int32), n=n)
    if check:
        check_productive(a, solver)
    return solver


def check_productive(A: ArrayLike, solver: LeontiefSolver | None = None) -> None:
    r"""Raise :class:`UnproductiveTableError` unless the spectral radius of ``A`` is below 1.

    For a non-negative ``A`` the test is exact and costs one solve: :math:`I - A` is a
    non-singular M-matrix (equivalently :math:`\rho(A) < 1`) if and only if some
    :math:`y > 0` has :math:`(I - A)^\top y > 0` (Berman & Plemmons 1994, *Nonnegative
    Matrices in the Mathematical Sciences*, ch. 6, theorem 2.3, condition I₂₇); we take
    :math:`y = (I - A)^{-\top} \mathbf{1}`, the output multipliers. A column sum below one
    everywhere (the Hawkins–Simon shortcut) accepts without solving. With negative
    coefficients (e.g. subsidies or scrap in a make–use table) the same test on :math:`|A|`
    suffices when it passes (:math:`\rho(A) \le \rho(|A|)`); otherwise the eigenvalues decide.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Technical coefficients.
    solver : LeontiefSolver, optional
        A factorisation of :math:`I - A` to reuse.

    Raises
    ------
    UnproductiveTableError

    """
    a = _as_matrix(A, "A")
    n = a.shape[0]
    if n == 0:
        return
    if a.min() >= 0:
        if a.sum(axis=0).max() < 1.0:
            return
        fac = solver if solver is not None else factor_leontief(a, check=False)
        with np.errstate(all="ignore"):
            y = fac.solve_transposed(np.ones(n))
        if np.all(np.isfinite(y)) and np.all(y > 0):
            return
    else:
        # rho(A) <= rho(|A|) (Perron-Frobenius): a productive |A| settles it without eigenvalues.
        try:
            check_productive(np.abs(a))
        except UnproductiveTableError:
            pass
        else:
            return
    rho = calc_spectral_radius(a)
    if a.min() < 0 and rho < 1.0:
        return
    raise UnproductiveTableError(
        gettext_noop(
            "the input-output table is not productive: the spectral radius of A is %(rho)s "
            "(it must be below 1), so no positive final demand can be met. Check that Z and the "
            "outputs x are in the same units and that x is total (not intermediate) output."
        ),
        {"rho": f"{rho:.6g}"},
    )


def calc_L(A: ArrayLike, *, check: bool = True) -> FloatArray:
    """The Leontief inverse :math:`L = (I - A)^{-1}`, by LU factorisation and solve.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Technical coefficients.
    check : bool, default True
        Refuse an unproductive table.

    Returns
    -------
    numpy.ndarray, shape (n, n)

    Examples
    --------
    >>> calc_L([[0.15, 0.25], [0.2, 0.05]]).round(6)
    array([[1.254125, 0.330033],
           [0.264026, 1.122112]])

    """
    solver = factor_leontief(A, check=check)
    return solver.solve(np.eye(solver.n))


def calc_closed_A(
    A: ArrayLike,
    labour_coefficients: ArrayLike,
    consumption_coefficients: ArrayLike,
) -> FloatArray:
    r"""Close the model to households (Miller & Blair 2009, sec. 2.5, eq. 2.23).

    .. math:: \bar{A} = \begin{pmatrix} A & h_c \\ h_r & 0 \end{pmatrix}

    Parameters
    ----------
    A : array_like, shape (n, n)
        Technical coefficients of the open model.
    labour_coefficients : array_like, shape (n,)
        :math:`h_r`: household (labour) income paid per unit of each sector's output.
    consumption_coefficients : array_like, shape (n,)
        :math:`h_c`: household purchases from each sector per unit of household income.

    Returns
    -------
    numpy.ndarray, shape (n + 1, n + 1)

    """
    a = _as_matrix(A, "A")
    n = a.shape[0]
    closed = np.zeros((n + 1, n + 1))
    closed[:n, :n] = a
    closed[:n, n] = _as_vector(consumption_coefficients, "consumption_coefficients", n)
    closed[n, :n] = _as_vector(labour_coefficients, "labour_coefficients", n)
    return closed


def calc_linkages(
    solver: LeontiefSolver, x: ArrayLike | None = None
) -> tuple[FloatArray, FloatArray, FloatArray]:
    r"""Rasmussen (1956) backward and forward linkage indices, normalised to mean 1.

    Backward: :math:`BL_j = n\,(\mathbf{1}^\top L)_j / (\mathbf{1}^\top L \mathbf{1})`.
    Forward (Rasmussen): the same with row sums :math:`(L\mathbf{1})_i`. Forward (Ghosh, as
    recommended by Miller & Blair 2009, sec. 12.2.2): row sums of the output inverse
    :math:`G = \hat{x}^{-1} L \hat{x}`, i.e. :math:`(L x)_i / x_i`, normalised the same way.

    Parameters
    ----------
    solver : LeontiefSolver
        Factorisation of :math:`I - A`.
    x : array_like, shape (n,), optional
        Total output; without it the Ghosh index is NaN.

    Returns
    -------
    backward, forward, forward_ghosh : numpy.ndarray, shape (n,)

    """
    n = solver.n
    ones = np.ones(n)
    col = solver.solve_transposed(ones)
    row = solver.solve(ones)
    total = float(col.sum())
    backward = n * col / total
    forward = n * row / total
    if x is None:
        ghosh = np.full(n, np.nan)
    else:
        xv = _as_vector(x, "x", n)
        with np.errstate(divide="ignore", invalid="ignore"):
            g_rows = np.where(xv != 0, solver.solve(xv) / xv, np.nan)
        ghosh = n * g_rows / np.nansum(g_rows)
    return backward, forward, ghosh
