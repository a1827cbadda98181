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
spectrum, real eigenvectors and a cheaper, stabler solver (``numpy.linalg.eigh``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from microparks.core.targeting.relatedness import density_from_kernel

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Eigen:
    """Raw (unstandardised, signed) complexity vectors and the top of the spectrum."""

    kc: FloatArray
    kp: FloatArray
    eigenvalues: FloatArray
    diversity_corr: float


def calc_eigen(mcp: FloatArray) -> Eigen:
    r"""Second eigenvector of the reflections matrix for an all-active presence matrix.

    Parameters
    ----------
    mcp : numpy.ndarray
        Binary region × industry matrix (float) in which every row and column has a 1, with at
        least two rows and two columns.

    Returns
    -------
    Eigen
        ``kc`` (regions, :math:`\kappa`), ``kp`` (industries, :math:`K`), signed so that
        ``kc`` correlates positively with diversity, and the three largest eigenvalues
        (descending; fewer when the matrix is smaller), and :math:`|corr(k, \kappa)|`.

    """
    k = mcp.sum(axis=1)
    u = mcp.sum(axis=0)
    n_regions, n_industries = mcp.shape
    # ``b.T @ b`` on one buffer runs as a symmetric rank-k update (half the work of a product).
    if n_industries <= n_regions:
        ru = 1.0 / np.sqrt(u)
        b = mcp * (1.0 / np.sqrt(k))[:, np.newaxis]
        s = (b.T @ b) * ru[:, np.newaxis] * ru[np.newaxis, :]
        vals, vecs = np.linalg.eigh(s)
        kp = vecs[:, -2] * ru
    else:
        rk = 1.0 / np.sqrt(k)
        b = (mcp * (1.0 / np.sqrt(u))[np.newaxis, :]).T.copy()
        s = (b.T @ b) * rk[:, np.newaxis] * rk[np.newaxis, :]
        vals, vecs = np.linalg.eigh(s)
        kc0 = vecs[:, -2] * rk
        kp = (mcp.T @ kc0) / u
    kc = (mcp @ kp) / k
    corr = np.corrcoef(k, kc)[0, 1] if np.ptp(k) > 0 else 0.0
    sign = -1.0 if corr < 0 else 1.0
    return Eigen(
        kc=sign * kc,
        kp=sign * kp,
        eigenvalues=vals[::-1][:3].copy(),
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


def calc_outlook(mcp: FloatArray, kernel: FloatArray, kp: FloatArray | None) -> Outlook:
    """Density, and COI/COG from the signed raw industry complexity ``kp``.

    Parameters
    ----------
    mcp : numpy.ndarray
        Binary region × industry matrix (float).
    kernel : numpy.ndarray
        Proximity with its diagonal set to 1 (self included) or 0 (self excluded).
    kp : numpy.ndarray or None
        Raw signed industry complexity; None gives NaN COI and COG.

    Returns
    -------
    Outlook
        Raw values, before py-ecomplexity's standardisation.

    """
    if kp is None:
        nan_r = np.full(mcp.shape[0], np.nan)
        density = density_from_kernel(mcp, kernel)
        return Outlook(density=density, coi=nan_r, cog=np.full(mcp.shape, np.nan))
    n = kernel.shape[0]
    rows = kernel.sum(axis=1)
    scale = np.divide(kp, rows, out=np.zeros_like(kp), where=rows > 0)
    weighted = kernel * scale[:, np.newaxis]
    rhs = np.empty((n, 2 * n))
    with np.errstate(divide="ignore", invalid="ignore"):
        np.divide(kernel.T, rows[np.newaxis, :], out=rhs[:, :n])
    rhs[:, n:] = weighted
    # One product gives density (M phi^T / rows) and M W; (1 - M) W = 1^T W - M W.
    both = mcp @ rhs
    density = both[:, :n]
    absent = 1.0 - mcp
    work = np.multiply(density, absent)
    np.nan_to_num(work, copy=False)
    coi = work @ kp
    cog = both[:, n:]
    np.subtract(weighted.sum(axis=0)[np.newaxis, :], cog, out=cog)
    cog *= absent
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
