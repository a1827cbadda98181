r"""Relatedness: proximity between industries and density around each industry in a region.

Proximity (Hidalgo et al. 2007) is the minimum of the two conditional probabilities of
co-presence,

.. math:: \phi_{ij} = \min\{P(M_{ci}=1 \mid M_{cj}=1),\ P(M_{cj}=1 \mid M_{ci}=1)\}
    = \frac{\sum_c M_{ci} M_{cj}}{\max(u_i, u_j)},

with ubiquity :math:`u_i = \sum_c M_{ci}`. Density of industry :math:`i` in region :math:`c` is
the share of :math:`i`'s proximity that falls on industries present in :math:`c`,

.. math:: \omega_{ci} = \frac{\sum_{j} M_{cj} \phi_{ij}}{\sum_{j} \phi_{ij}} .

With ``include_self=False`` (the default) the sums run over :math:`j \ne i`, so an industry's
own presence does not count as relatedness to itself; with ``include_self=True`` they include
:math:`j = i` (:math:`\phi_{ii} = 1`), which is py-ecomplexity's convention.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def calc_proximity(mcp: ArrayLike) -> NDArray[np.float64]:
    r"""Symmetric proximity matrix :math:`\phi` between industries (columns of ``mcp``).

    Parameters
    ----------
    mcp : array_like
        Binary region × industry presence matrix.

    Returns
    -------
    numpy.ndarray
        Industry × industry matrix; diagonal 1 for present industries, rows and columns of
        industries present nowhere are 0.

    References
    ----------
    Hidalgo, C. A., Klinger, B., Barabási, A.-L., & Hausmann, R. (2007). The product space
    conditions the development of nations. *Science*, 317(5837), 482-487.

    Examples
    --------
    >>> calc_proximity([[1, 1, 0], [1, 0, 1], [1, 1, 0]]).round(3).tolist()
    [[1.0, 0.667, 0.333], [0.667, 1.0, 0.0], [0.333, 0.0, 1.0]]

    """
    return proximity_from_cooccurrence(calc_cooccurrence(np.asarray(mcp, dtype=np.float64)))


def calc_cooccurrence(mcp: NDArray[np.float64] | NDArray[np.float32]) -> NDArray[np.float64]:
    """Co-occurrence counts :math:`C = M^T M` (number of regions holding both industries).

    Parameters
    ----------
    mcp : numpy.ndarray
        Binary region × industry matrix (float64, or float32 to skip a conversion).

    Returns
    -------
    numpy.ndarray
        Industry × industry counts (float64, exact).

    """
    # Counts below 2**24 are exact in float32, whose product runs twice as fast; ``m.T @ m``
    # on one buffer is a symmetric rank-k update (half a product).
    if mcp.shape[0] < 2**24:
        m32 = mcp if mcp.dtype == np.float32 else mcp.astype(np.float32)
        return (m32.T @ m32).astype(np.float64)
    m64 = np.asarray(mcp, dtype=np.float64)
    return m64.T @ m64


def proximity_from_cooccurrence(co: NDArray[np.float64]) -> NDArray[np.float64]:
    r"""Proximity from co-occurrence counts (ubiquity on the diagonal).

    Parameters
    ----------
    co : numpy.ndarray
        :math:`M^T M`.

    Returns
    -------
    numpy.ndarray
        :math:`\phi_{ij} = C_{ij} / \max(C_{ii}, C_{jj})`, 0 where an industry is absent.

    """
    ubiquity = np.diagonal(co).copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        # phi[i, j] = P(i | j); the same expression as py-ecomplexity, for bitwise agreement.
        cond = co / ubiquity[np.newaxis, :]
    cond = np.nan_to_num(cond, nan=0.0, posinf=0.0)
    return np.minimum(cond, cond.T)


def calc_density(
    mcp: ArrayLike, proximity: ArrayLike, *, include_self: bool = False
) -> NDArray[np.float64]:
    r"""Density :math:`\omega_{ci}` of every industry in every region.

    Parameters
    ----------
    mcp : array_like
        Binary region × industry presence matrix.
    proximity : array_like
        Symmetric industry × industry proximity (from :func:`calc_proximity`).
    include_self : bool, default False
        Whether the industry's proximity to itself enters both sums (py-ecomplexity does).

    Returns
    -------
    numpy.ndarray
        Region × industry matrix in [0, 1]; NaN for an industry with no proximity to any other.

    Examples
    --------
    >>> m = [[1, 1, 0], [1, 0, 1], [1, 1, 0]]
    >>> calc_density(m, calc_proximity(m)).round(3).tolist()
    [[0.667, 1.0, 1.0], [0.333, 1.0, 1.0], [0.667, 1.0, 1.0]]

    """
    m = np.asarray(mcp, dtype=np.float64)
    phi = _density_kernel(np.asarray(proximity, dtype=np.float64), include_self=include_self)
    return density_from_kernel(m, phi)


def _density_kernel(proximity: NDArray[np.float64], *, include_self: bool) -> NDArray[np.float64]:
    phi = proximity.copy()
    if not include_self:
        np.fill_diagonal(phi, 0.0)
    return phi


def density_from_kernel(mcp: NDArray[np.float64], phi: NDArray[np.float64]) -> NDArray[np.float64]:
    r"""Density for a proximity kernel ``phi`` whose diagonal is already set as wanted.

    Parameters
    ----------
    mcp : numpy.ndarray
        Binary region × industry presence matrix (float).
    phi : numpy.ndarray
        Industry × industry proximity, diagonal 1 (self included) or 0 (self excluded).

    Returns
    -------
    numpy.ndarray
        :math:`M \phi^T / (\sum_j \phi_{ij})`, NaN where an industry's row sum is 0.

    """
    den = phi.sum(axis=1)[np.newaxis, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        out: NDArray[np.float64] = mcp @ (phi.T / den)
    return out
