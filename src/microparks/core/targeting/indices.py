"""All specialisation, relatedness and complexity measures of one year, with provenance.

:func:`calc_complexity` is the single entry point used by the panel runner, the CLI and the
apps. It never lets an awkward year turn into noise:

* regions or industries whose total is 0 carry only their value (RCA and everything else NaN);
* regions with no industry at the threshold and industries present nowhere keep RCA, presence,
  diversity and ubiquity but are left out of proximity, density, ECI/PCI, COI and COG;
* a disconnected region–industry network or a tiny eigen-gap makes ECI, PCI, COI and COG NaN
  for the year, with a warning — the eigenvector is not determined there.

Each case is listed in :attr:`ComplexityResult.warnings` and raised as a
:class:`TargetingWarning`.
"""

from __future__ import annotations

import hashlib
import warnings as _warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from threadpoolctl import threadpool_limits

from microparks.core.targeting.complexity import calc_eigen, calc_outlook, is_connected
from microparks.core.targeting.relatedness import calc_cooccurrence, proximity_from_cooccurrence
from microparks.core.targeting.specialisation import check_matrix

DensitySelf = Literal["include", "exclude"]
FloatArray = NDArray[np.float64]
DEFAULT_EIGENGAP_TOL = 1e-6
SIGN_TOL = 1e-9


class TargetingWarning(UserWarning):
    """A year whose measures are partly undefined (see the result's ``warnings``)."""


@dataclass(frozen=True)
class ComplexityResult:
    """Every measure of one year; arrays are indexed by ``regions`` × ``industries``.

    Attributes
    ----------
    matrix, rca : numpy.ndarray
        Input matrix and location quotients.
    mcp : numpy.ndarray
        Presence (int8).
    diversity, ubiquity : numpy.ndarray
        Counts of present industries per region and of regions per industry.
    proximity : numpy.ndarray
        Industry × industry proximity (NaN rows/columns for inactive industries).
    density, cog : numpy.ndarray
        Region × industry; NaN outside active regions × active industries.
    eci, coi : numpy.ndarray
        Per region, standardised as in py-ecomplexity.
    pci : numpy.ndarray
        Per industry, standardised by ECI's mean and standard deviation.
    eigenvalues : numpy.ndarray
        Largest eigenvalues of the reflections matrix (1, then the one defining ECI, ...).
    excluded_regions, excluded_industries : tuple of str
        Labels left out of the network measures (no value or no presence).
    warnings : tuple of str
        Why any measure is NaN.

    """

    year: str | None
    regions: tuple[str, ...]
    industries: tuple[str, ...]
    matrix: FloatArray
    rca: FloatArray
    mcp: NDArray[np.int8]
    diversity: NDArray[np.int64]
    ubiquity: NDArray[np.int64]
    proximity: FloatArray
    density: FloatArray
    eci: FloatArray
    pci: FloatArray
    coi: FloatArray
    cog: FloatArray
    eigenvalues: FloatArray
    excluded_regions: tuple[str, ...]
    excluded_industries: tuple[str, ...]
    threshold: float
    density_self: DensitySelf
    input_hash: str
    warnings: tuple[str, ...] = field(default=())


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run the enclosed block with BLAS on one thread.

    The products of a year take a few hundredths of a second each, with element-wise numpy work
    in between; more BLAS threads barely shorten them, and between calls OpenBLAS's worker
    threads busy-wait, which on a shared server doubles the CPU time or worse (measured in
    ``benchmarks/RESULTS.md``). The previous limits are restored on exit.
    """
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def _labels(labels: Sequence[object] | None, n: int, prefix: str) -> tuple[str, ...]:
    if labels is None:
        return tuple(f"{prefix}{i}" for i in range(n))
    out = tuple(str(v) for v in labels)
    if len(out) != n:
        raise ValueError(f"expected {n} {prefix} labels, got {len(out)}")
    return out


def _hash(values: FloatArray, regions: tuple[str, ...], industries: tuple[str, ...]) -> str:
    h = hashlib.sha256()
    h.update(np.ascontiguousarray(values).data)
    h.update("\x1f".join(regions).encode())
    h.update("\x1e".join(industries).encode())
    return h.hexdigest()


def _mean_std(x: FloatArray) -> tuple[float, float]:
    return float(x.mean()), float(x.std())


def _standardise(x: FloatArray, mean: float, std: float) -> FloatArray:
    if not np.isfinite(std) or std <= 0:
        return np.full_like(x, np.nan)
    return (x - mean) / std


def calc_complexity(
    values: ArrayLike,
    *,
    regions: Sequence[object] | None = None,
    industries: Sequence[object] | None = None,
    threshold: float = 1.0,
    density_self: DensitySelf = "exclude",
    eigengap_tol: float = DEFAULT_EIGENGAP_TOL,
    year: str | None = None,
) -> ComplexityResult:
    """LQ, presence, proximity, density, diversity, ubiquity, ECI, PCI, COI and COG of a year.

    Parameters
    ----------
    values : array_like
        Non-negative region × industry matrix (employment, output or firm counts).
    regions, industries : sequence, optional
        Row and column labels.
    threshold : float, default 1.0
        Presence when LQ ≥ threshold.
    density_self : {"exclude", "include"}, default "exclude"
        Whether an industry's proximity to itself enters density, COI and COG
        ("include" is py-ecomplexity's convention and reproduces it exactly).
    eigengap_tol : float, default 1e-6
        ECI/PCI are NaN (with a warning) when the two eigenvalues next to the one that defines
        them are closer than this.
    year : str, optional
        Label carried into the result.

    Returns
    -------
    ComplexityResult
        All measures with provenance and warnings.

    References
    ----------
    Hidalgo, C. A., & Hausmann, R. (2009). The building blocks of economic complexity. *PNAS*,
    106(26), 10570-10575. Hausmann, R., Hidalgo, C. A., et al. (2014). *The Atlas of Economic
    Complexity*. MIT Press. Growth Lab, py-ecomplexity 0.5.3.

    """
    if density_self not in ("include", "exclude"):
        raise ValueError(f"density_self must be 'include' or 'exclude', not {density_self!r}")
    x = check_matrix(values)
    n_r, n_i = x.shape
    with one_blas_thread():
        return calc_complexity_into(
            x,
            regions=_labels(regions, n_r, "r"),
            industries=_labels(industries, n_i, "i"),
            threshold=threshold,
            density_self=density_self,
            eigengap_tol=eigengap_tol,
            year=year,
        )


def _lq_into(x: FloatArray, out: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """:func:`~microparks.core.targeting.specialisation.calc_lq` written into ``out``.

    Returns the location quotients and the row and column totals.
    """
    # Same order of operations as calc_lq (and py-ecomplexity): presence at the threshold agrees.
    row_total = x.sum(axis=1)
    col_total = x.sum(axis=0)[np.newaxis, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        np.divide(x, row_total[:, np.newaxis], out=out)
        out /= col_total / col_total.sum(axis=1)[:, np.newaxis]
    if not row_total.all():
        out[row_total == 0, :] = np.nan
    if not col_total.all():
        out[:, col_total[0] == 0] = np.nan
    return out, row_total, col_total[0]


def _empty(
    out: Mapping[str, NDArray[Any]] | None, name: str, shape: tuple[int, int], dtype: Any
) -> NDArray[Any]:
    if out is None:
        return np.empty(shape, dtype=dtype)
    buf = out[name]
    if buf.shape != shape or buf.dtype != dtype or not buf.flags.c_contiguous:
        raise ValueError(f"output array {name!r} must be C-contiguous {dtype} of shape {shape}")
    return buf


def calc_complexity_into(
    x: FloatArray,
    *,
    regions: tuple[str, ...],
    industries: tuple[str, ...],
    threshold: float = 1.0,
    density_self: DensitySelf = "exclude",
    eigengap_tol: float = DEFAULT_EIGENGAP_TOL,
    year: str | None = None,
    out: Mapping[str, NDArray[Any]] | None = None,
) -> ComplexityResult:
    """:func:`calc_complexity` of a checked matrix, optionally writing into given arrays.

    Parameters
    ----------
    x : numpy.ndarray
        Non-negative, finite float64 region × industry matrix (not checked again).
    regions, industries : tuple of str
        Labels, one per row and column.
    threshold, density_self, eigengap_tol, year
        As for :func:`calc_complexity`.
    out : mapping, optional
        C-contiguous arrays of ``x``'s shape named ``rca``, ``density``, ``cog`` (float64) and
        ``mcp`` (int8) that receive those measures (the panel runner passes slices of its
        long output columns, so nothing is copied twice). The result's arrays are these.

    Returns
    -------
    ComplexityResult
        As for :func:`calc_complexity`.

    """
    n_r, n_i = x.shape
    reg, ind = regions, industries
    if len(reg) != n_r or len(ind) != n_i:
        raise ValueError(f"expected {n_r} region and {n_i} industry labels")
    notes: list[str] = []
    where = f"year {year}: " if year is not None else ""

    rca, row_total, col_total = _lq_into(x, _empty(out, "rca", (n_r, n_i), np.float64))
    mcp = _empty(out, "mcp", (n_r, n_i), np.int8)
    np.greater_equal(rca, threshold, out=mcp.view(np.bool_))  # NaN counts as absent
    # Presence as float32 (exact for 0/1 and counts below 2**24) feeds M^T M and the sums.
    m32 = mcp.astype(np.float32)
    co = calc_cooccurrence(m32)
    diversity = m32.sum(axis=1).astype(np.int64)
    del m32
    ubiquity = np.diagonal(co).astype(np.int64)
    act_r = diversity > 0
    act_i = ubiquity > 0
    excl_r = tuple(r for r, a in zip(reg, act_r, strict=True) if not a)
    excl_i = tuple(i for i, a in zip(ind, act_i, strict=True) if not a)
    empty_r = row_total == 0
    empty_i = col_total == 0
    for kind, labels, empty, why in (
        ("region(s)", reg, empty_r, f"no industry at LQ ≥ {threshold:g}"),
        ("industry(ies)", ind, empty_i, "present in no region"),
    ):
        active = ~empty & (act_r if kind == "region(s)" else act_i)
        for reason, mask in (("with a total of 0", empty), (why, ~empty & ~active)):
            names = [lab for lab, e in zip(labels, mask, strict=True) if e]
            if names:
                more = " …" if len(names) > 10 else ""
                notes.append(
                    f"{where}{len(names)} {kind} {reason} left out of the network measures: "
                    f"{', '.join(names[:10])}{more}"
                )

    # Everything below runs on the full grid: the rows and columns of inactive regions and
    # industries are 0 in M, so they drop out of every product; they are set to NaN at the end.
    all_r, all_i = bool(act_r.all()), bool(act_i.all())
    phi = proximity_from_cooccurrence(co)
    kernel = phi.copy()
    if density_self == "exclude":
        np.fill_diagonal(kernel, 0.0)
    m = mcp.astype(np.float64)

    eigenvalues = np.full(0, np.nan)
    eig = None
    if act_r.sum() < 2 or act_i.sum() < 2:
        notes.append(f"{where}fewer than two active regions or industries: no ECI/PCI")
    elif not is_connected(co if all_i else co[np.ix_(act_i, act_i)]):
        notes.append(
            f"{where}the region–industry network is disconnected: ECI/PCI/COI/COG are undefined"
        )
    else:
        eig = calc_eigen(m, diversity.astype(np.float64), ubiquity.astype(np.float64))
        eigenvalues = eig.eigenvalues
        gaps = -np.diff(eigenvalues)
        if gaps.size and gaps.min() < eigengap_tol:
            notes.append(
                f"{where}eigen-gap {gaps.min():.3g} below {eigengap_tol:g}: the ECI eigenvector "
                "is not determined, ECI/PCI/COI/COG left undefined"
            )
            eig = None
        elif not eig.diversity_corr > SIGN_TOL:
            notes.append(
                f"{where}ECI is uncorrelated with diversity, so its sign is not determined: "
                "ECI/PCI/COI/COG left undefined"
            )
            eig = None

    eci = np.full(n_r, np.nan)
    pci = np.full(n_i, np.nan)
    coi = np.full(n_r, np.nan)
    mean = std = 1.0
    if eig is not None:
        kc = eig.kc[act_r]
        mean, std = float(kc.mean()), float(kc.std())
        if not (np.isfinite(std) and std > 0):
            eig = None
    outlook = calc_outlook(
        m,
        kernel,
        None if eig is None else eig.kp,
        scale=std,
        density_out=_empty(out, "density", (n_r, n_i), np.float64),
        cog_out=_empty(out, "cog", (n_r, n_i), np.float64),
    )
    del m
    density, cog = outlook.density, outlook.cog
    if eig is not None:
        eci[act_r] = (eig.kc[act_r] - mean) / std
        pci[act_i] = (eig.kp[act_i] - mean) / std
        coi[act_r] = _standardise(outlook.coi[act_r], *_mean_std(outlook.coi[act_r]))

    for note in notes:
        _warnings.warn(note, TargetingWarning, stacklevel=3)

    prox = phi
    if not all_r:
        density[~act_r] = np.nan
        cog[~act_r] = np.nan
    if not all_i:
        density[:, ~act_i] = np.nan
        cog[:, ~act_i] = np.nan
        prox[~act_i] = np.nan
        prox[:, ~act_i] = np.nan
    return ComplexityResult(
        year=year,
        regions=reg,
        industries=ind,
        matrix=x,
        rca=rca,
        mcp=mcp,
        diversity=diversity,
        ubiquity=ubiquity,
        proximity=prox,
        density=density,
        eci=eci,
        pci=pci,
        coi=coi,
        cog=cog,
        eigenvalues=eigenvalues,
        excluded_regions=excl_r,
        excluded_industries=excl_i,
        threshold=float(threshold),
        density_self=density_self,
        input_hash=_hash(x, reg, ind),
        warnings=tuple(notes),
    )
