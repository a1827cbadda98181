"""Input checks and provenance shared by the MCDA methods."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any, Literal, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]
CriterionType = Literal["benefit", "cost"]
TypesLike = Sequence[str] | Sequence[int] | ArrayLike

T = TypeVar("T")

#: Threads the large-matrix kernels split their rows over (numpy releases the GIL in its loops
#: and in BLAS). ``None`` (the default) takes two threads when the machine has two or more cores
#: and one of them is idle (1-minute load average below cores − 0.5), else one; an integer
#: forces that many. On this project's 2-core machine, idle, two threads cut the wall-clock time
#: of TOPSIS and WSM on 1,000,000 × 8 by about a third for about 10 % more CPU time; under load
#: they gained little (the per-block Python steps contend for the GIL), hence the check.
THREADS: int | None = None
PARALLEL_MIN_ROWS = 200_000  # below this a second thread costs more than it saves
#: Parts a large matrix is always cut into, whatever the number of threads, so that sums over
#: the rows (the column sums of squares) are added in the same order and the scores are the
#: same to the last bit on one thread or two.
PARTS = 2


def worker_threads() -> int:
    """Number of threads :func:`split_rows` uses for a large matrix (see :data:`THREADS`)."""
    if THREADS is not None:
        return max(1, THREADS)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if cores < 2:
        return 1
    try:
        load = os.getloadavg()[0]
    except OSError:
        return 1
    return 2 if load < cores - 0.5 else 1


_TYPE_NAMES = {"benefit": 1, "cost": -1, "max": 1, "min": -1, "1": 1, "-1": -1, "+1": 1}


class MCDAInputError(ValueError):
    """A decision matrix, weight vector or criterion type list that cannot be used."""


def check_matrix(matrix: ArrayLike, *, name: str = "decision matrix") -> FloatArray:
    """Return ``matrix`` as a 2-D float64 array with at least one row and column.

    Finiteness is not checked here: the methods detect NaN and infinity through the column
    minima and maxima they compute anyway, which saves a pass over large matrices.
    """
    try:
        array = np.ascontiguousarray(matrix, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise MCDAInputError(f"{name} is not numeric ({exc})") from None
    if array.ndim != 2:
        raise MCDAInputError(f"{name} must be 2-D (alternatives × criteria), got {array.ndim}-D")
    if array.shape[0] < 1 or array.shape[1] < 1:
        raise MCDAInputError(f"{name} is empty (shape {array.shape})")
    return array


def check_weights(weights: ArrayLike, n_criteria: int) -> FloatArray:
    """Return non-negative weights scaled to sum to 1, or raise :class:`MCDAInputError`."""
    try:
        w = np.asarray(weights, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError) as exc:
        raise MCDAInputError(f"weights are not numeric ({exc})") from None
    if w.size != n_criteria:
        raise MCDAInputError(f"got {w.size} weights for {n_criteria} criteria")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise MCDAInputError("weights must be finite and non-negative")
    total = float(w.sum())
    if total <= 0:
        raise MCDAInputError("at least one weight must be positive")
    return w / total


def check_types(types: TypesLike | None, n_criteria: int) -> NDArray[np.int8]:
    """Return criterion types as +1 (benefit) / -1 (cost); ``None`` means all benefit."""
    if types is None:
        return np.ones(n_criteria, dtype=np.int8)
    items = [types] if isinstance(types, str) else list(np.asarray(types, dtype=object).ravel())
    if len(items) != n_criteria:
        raise MCDAInputError(f"got {len(items)} criterion types for {n_criteria} criteria")
    out = np.empty(n_criteria, dtype=np.int8)
    for j, item in enumerate(items):
        key = str(item).strip().lower()
        if key not in _TYPE_NAMES:
            raise MCDAInputError(
                f"criterion type {item!r} (position {j + 1}) is neither 'benefit' nor 'cost'"
            )
        out[j] = _TYPE_NAMES[key]
    return out


def check_criteria(criteria: Sequence[str] | None, n_criteria: int) -> tuple[str, ...]:
    """Return criterion names (``c1``, ``c2``, … when none are given)."""
    if criteria is None:
        return tuple(f"c{j + 1}" for j in range(n_criteria))
    names = tuple(str(c) for c in criteria)
    if len(names) != n_criteria:
        raise MCDAInputError(f"got {len(names)} criterion names for {n_criteria} criteria")
    if len(set(names)) != len(names):
        raise MCDAInputError("criterion names must be unique")
    return names


def type_names(types: NDArray[np.int8]) -> tuple[CriterionType, ...]:
    """Return ``('benefit', 'cost', …)`` for +1/-1 codes."""
    return tuple("benefit" if t > 0 else "cost" for t in types)


def hash_inputs(*arrays: NDArray[Any], **params: Any) -> str:
    """SHA-256 of the arrays' bytes, shapes and the JSON of ``params`` (provenance)."""
    digest = hashlib.sha256()
    for array in arrays:
        contiguous = np.ascontiguousarray(array)
        digest.update(str((contiguous.dtype.str, contiguous.shape)).encode())
        digest.update(contiguous.data.cast("B"))
    digest.update(json.dumps(params, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def frozen(array: NDArray[Any]) -> NDArray[Any]:
    """Mark ``array`` read-only so that frozen results stay frozen."""
    array.flags.writeable = False
    return array


def split_rows(work: Callable[[int, int], T], n: int, align: int) -> list[T]:
    """Run ``work(start, stop)`` over consecutive row ranges covering ``range(n)``.

    With at least :data:`PARALLEL_MIN_ROWS` rows the rows are cut in :data:`PARTS` parts (at
    multiples of ``align``), otherwise ``work(0, n)`` runs alone. The parts run on up to
    :func:`worker_threads` threads: the calling thread takes the first, extra threads the
    others, and with one thread they run one after another. Results come back in row order; an
    exception raised in any part is raised again here.
    """
    if n < PARALLEL_MIN_ROWS or PARTS <= 1:
        return [work(0, n)]
    step = -(-n // PARTS // align) * align
    bounds = [(start, min(start + step, n)) for start in range(0, n, step)]
    if worker_threads() <= 1:
        return [work(*bound) for bound in bounds]
    results: list[Any] = [None] * len(bounds)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            results[i] = work(*bounds[i])
        except BaseException as exc:  # handed to the calling thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(1, len(bounds))]
    for thread in threads:
        thread.start()
    run(0)
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results
