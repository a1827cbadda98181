r"""Economic complexity of one region × industry matrix (one year).

Diversity :math:`k_c = \sum_i M_{ci}`, ubiquity :math:`u_i = \sum_c M_{ci}`. The industry
complexity :math:`K_i` is the eigenvector of the second-largest eigenvalue of

.. math:: \tilde M_{ij} = \sum_c \frac{M_{ci} M_{cj}}{u_i\,k_c}

and region complexity :math:`\kappa_c = \sum_i M_{ci} K_i / k_c` (Hidalgo & Hausmann 2009,
the "method of reflections" at its fixed point). The sign is chosen so that :math:`\kappa`
correlates positively with diversity; following py-ecomplexity (and the Growth Lab's Stata
package) ECI is :math:`(\kappa - \bar\kappa)/\sigma_\kappa` and PCI is
:math:`(K - \bar\kappa)/\sigma_\kappa`, so a region's ECI is the mean PCI of its industries.

Complexity outlook index and outlook gain (Hausmann et al. 2014, *The Atlas of Economic
Complexity*), with :math:`\omega` the density:

.. math::

    COI_c = \sum_i \omega_{ci} (1 - M_{ci}) K_i, \qquad
    COG_{ci} = (1 - M_{ci}) \sum_j \frac{\phi_{ij}}{\sum_k \phi_{jk}} (1 - M_{cj}) K_j ,

COI standardised by its own mean and standard deviation, COG divided by :math:`\sigma_\kappa`.
The same proximity kernel (self included or excluded) feeds density, COI and COG.

The eigenvector is taken from the symmetric form :math:`D_u^{-1/2} M^T D_k^{-1} M D_u^{-1/2}`
(or its region-side twin when there are fewer regions than industries), which has the same
spectrum and real eigenvectors; only its top three eigenpairs are computed (LAPACK's MRRR
driver with ``subset_by_index``), once per year, and the other side follows by one
multiplication.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.linalg
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Eigen:
    """Raw (unstandardised, signed) complexity vectors and the top of the spectrum."""

    kc: FloatArray
    kp: FloatArray
    eigenvalues: FloatArray
    diversity_corr: float


def _inv_sqrt(x: FloatArray) -> FloatArray:
    out = np.zeros_like(x)
    np.sqrt(x, out=out, where=x > 0)
    np.divide(1.0, out, out=out, where=x > 0)
    return out


def _top_eigen(s: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The three largest eigenpairs of a symmetric matrix, eigenvalues ascending.

    A dense solver (LAPACK's MRRR driver on the requested pairs only), not Lanczos: Lanczos can
    miss a repeated eigenvalue, and a repeated second eigenvalue is exactly the case the
    eigen-gap safeguard must see.
    """
    n = s.shape[0]
    vals, vecs = scipy.linalg.eigh(
        s, subset_by_index=(max(n - 3, 0), n - 1), driver="evr", check_finite=False,
        overwrite_a=True,
    )  # fmt: skip
    return vals, vecs


def calc_eigen(
    mcp: FloatArray,
    diversity: FloatArray | None = None,
    ubiquity: FloatArray | None = None,
) -> Eigen:
    r"""Second eigenvector of the reflections matrix of a presence matrix.

    Parameters
    ----------
    mcp : numpy.ndarray
        Binary region × industry matrix (float) with at least two active (non-empty) rows and
        two active columns. Empty rows and columns are left out of the eigenproblem.
    diversity, ubiquity : numpy.ndarray, optional
        Row and column sums of ``mcp`` when the caller already has them.

    Returns
    -------
    Eigen
        ``kc`` (regions, :math:`\kappa`), ``kp`` (industries, :math:`K`), signed so that
        ``kc`` correlates positively with diversity (0 for empty rows and columns), the three
        largest eigenvalues (descending; fewer when the matrix is smaller) and
        :math:`|corr(k, \kappa)|` over the active regions.

    """
    k = mcp.sum(axis=1) if diversity is None else np.asarray(diversity, dtype=np.float64)
    u = mcp.sum(axis=0) if ubiquity is None else np.asarray(ubiquity, dtype=np.float64)
    act_r, act_i = k > 0, u > 0
    rk, ru = _inv_sqrt(k), _inv_sqrt(u)
    kp = np.zeros(u.shape[0])
    # ``b.T @ b`` (or ``b @ b.T``) on one buffer runs as a symmetric rank-k update.
    if act_i.sum() <= act_r.sum():
        b = mcp * rk[:, np.newaxis]
        s = b.T @ b
        del b
        if not act_i.all():
            s = s[np.ix_(act_i, act_i)]
        r = ru[act_i]
        s *= r[:, np.newaxis]
        s *= r[np.newaxis, :]
        vals, vecs = _top_eigen(s)
        kp[act_i] = vecs[:, -2] * r
    else:
        b = mcp * ru[np.newaxis, :]
        s = b @ b.T
        del b
        if not act_r.all():
            s = s[np.ix_(act_r, act_r)]
        r = rk[act_r]
        s *= r[:, np.newaxis]
        s *= r[np.newaxis, :]
        vals, vecs = _top_eigen(s)
        kc0 = np.zeros(k.shape[0])
        kc0[act_r] = vecs[:, -2] * r
        np.divide(mcp.T @ kc0, u, out=kp, where=act_i)
    kc = np.zeros(k.shape[0])
    np.divide(mcp @ kp, k, out=kc, where=act_r)
    ka, kca = k[act_r], kc[act_r]
    corr = np.corrcoef(ka, kca)[0, 1] if np.ptp(ka) > 0 and np.ptp(kca) > 0 else 0.0
    sign = -1.0 if corr < 0 else 1.0
    return Eigen(
        kc=sign * kc,
        kp=sign * kp,
        eigenvalues=vals[::-1].copy(),
        diversity_corr=abs(float(corr)),
    )


def is_connected(cooccurrence: FloatArray) -> bool:
    r"""Whether the bipartite region–industry network is one connected component.

    Every region is assumed to hold at least one industry; the industries are then connected
    through shared regions exactly when the whole network is.

    Parameters
    ----------
    cooccurrence : numpy.ndarray
        :math:`M^T M` of a presence matrix with no empty row or column.

    Returns
    -------
    bool
        True when connected.

    """
    n = cooccurrence.shape[0]
    if n == 0:
        return True
    linked = cooccurrence > 0
    reached = np.zeros(n, dtype=bool)
    reached[0] = True
    while True:
        grown = linked[reached].any(axis=0) | reached
        if grown.sum() == reached.sum():
            return bool(reached.all())
        reached = grown


@dataclass(frozen=True)
class Outlook:
    """Density, complexity outlook index (raw) and outlook gain (raw) for active cells."""

    density: FloatArray
    coi: FloatArray
    cog: FloatArray


def calc_outlook(
    mcp: FloatArray,
    kernel: FloatArray,
    kp: FloatArray | None,
    *,
    scale: float = 1.0,
    density_out: FloatArray | None = None,
    cog_out: FloatArray | None = None,
) -> Outlook:
    """Density, and COI/COG from the signed raw industry complexity ``kp``.

    Parameters
    ----------
    mcp : numpy.ndarray
        Binary region × industry matrix (float64).
    kernel : numpy.ndarray
        Proximity with its diagonal set to 1 (self included) or 0 (self excluded); rows and
        columns of industries present nowhere are 0.
    kp : numpy.ndarray or None
        Raw signed industry complexity (0 for industries present nowhere); None gives NaN COI
        and COG.
    scale : float, default 1.0
        COG is divided by it (py-ecomplexity divides by the standard deviation of ECI).
    density_out, cog_out : numpy.ndarray, optional
        C-contiguous float64 arrays of ``mcp``'s shape to write density and COG into.

    Returns
    -------
    Outlook
        Density (NaN in the columns of industries without proximity to any other), raw COI
        and COG / ``scale``. Rows of empty regions hold numbers the caller should discard.

    """
    rows = kernel.sum(axis=1)
    live = rows > 0
    a = np.zeros_like(kernel)
    # density = M phi^T / rows: phi is symmetric, so scale its columns.
    np.divide(kernel, rows[np.newaxis, :], out=a, where=live[np.newaxis, :])
    density = np.matmul(mcp, a, out=density_out)
    del a
    if kp is None:
        density[:, ~live] = np.nan
        nan_r = np.full(mcp.shape[0], np.nan)
        cog = np.full(mcp.shape, np.nan) if cog_out is None else cog_out
        cog.fill(np.nan)
        return Outlook(density=density, coi=nan_r, cog=cog)
    weight = np.zeros_like(kp)
    np.divide(kp, rows * scale, out=weight, where=live)
    absent = 1.0 - mcp
    # COG = (1 - M) (phi * kp / rows) on the absent cells only; COI from the same (1 - M).
    cog = np.matmul(absent, kernel * weight[:, np.newaxis], out=cog_out)
    cog *= absent
    np.multiply(absent, density, out=absent)
    coi = absent @ kp
    del absent
    if not live.all():
        density[:, ~live] = np.nan
    return Outlook(density=density, coi=coi, cog=cog)


def calc_reflections(mcp: FloatArray, steps: int) -> tuple[FloatArray, FloatArray]:
    r"""Method of reflections (Hidalgo & Hausmann 2009, eqs. 1-2).

    .. math::

        k_{c,N} = \frac{1}{k_{c,0}} \sum_p M_{cp} k_{p,N-1}, \qquad
        k_{p,N} = \frac{1}{k_{p,0}} \sum_c M_{cp} k_{c,N-1},

    starting from diversity :math:`k_{c,0}` and ubiquity :math:`k_{p,0}`.

    Parameters
    ----------
    mcp : numpy.ndarray
        Binary region × industry matrix with no empty row or column.
    steps : int
        Number of reflections N.

    Returns
    -------
    tuple of numpy.ndarray
        ``kc`` of shape (steps + 1, regions) and ``kp`` of shape (steps + 1, industries).

    Examples
    --------
    >>> kc, kp = calc_reflections(np.array([[1.0, 1.0], [1.0, 0.0]]), 1)
    >>> kc.tolist(), kp.tolist()
    ([[2.0, 1.0], [1.5, 2.0]], [[2.0, 1.0], [1.5, 2.0]])

    """
    k = mcp.sum(axis=1)
    u = mcp.sum(axis=0)
    kc = [k]
    kp = [u]
    for _ in range(steps):
        kc_prev, kp_prev = kc[-1], kp[-1]
        kc.append((mcp @ kp_prev) / k)
        kp.append((mcp.T @ kc_prev) / u)
    return np.vstack(kc), np.vstack(kp)
