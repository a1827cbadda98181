"""Integer codes and sorted text labels for the label columns of a long table.

:func:`factorize_labels` is ``pandas.factorize`` with the labels sorted as text (values equal as
text share one code), plus fast paths for the columns long panels are made of: small-range
integers (years) and pyarrow-backed text without nulls — read straight from the Arrow buffers
when every label has the same byte length (county and industry codes), using the runs of a
table sorted by that column or the period of a column repeated block by block, and Arrow's
dictionary encoding otherwise.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

Codes = tuple[NDArray[np.int64], NDArray[np.object_]]
_SAMPLE = 4096


def _int_codes(column: pd.Series) -> Codes | None:
    """Codes and labels of an integer column: runs, period or a small range's look-up table."""
    if not pd.api.types.is_integer_dtype(column.dtype) or len(column) == 0:
        return None
    values = column.to_numpy()
    if not isinstance(values, np.ndarray) or values.dtype.kind not in "iu":
        return None
    found = _structured_codes(values)
    if found is not None:
        return found[0], np.asarray([str(v) for v in found[1].tolist()], dtype=object)
    low, high = int(values.min()), int(values.max())
    if high - low > max(4 * len(values), 1 << 16):
        return None
    shifted = values - low if low else values
    seen = np.flatnonzero(np.bincount(shifted, minlength=high - low + 1))
    table = np.zeros(high - low + 1, dtype=np.int64)
    table[seen] = np.arange(len(seen))
    return table[shifted], np.asarray([str(v + low) for v in seen.tolist()], dtype=object)


def _fixed_width_keys(chunked: Any) -> tuple[NDArray[np.uint64], int] | None:
    """Each label's bytes as one uint64 when all labels have the same length (1 to 8 bytes)."""
    import pyarrow as pa

    parts, width = [], 0
    for chunk in chunked.chunks:
        if len(chunk) == 0:
            continue
        if chunk.type == pa.large_string():
            kind: Any = np.int64
        elif chunk.type == pa.string():
            kind = np.int32
        else:
            return None
        buffers = chunk.buffers()
        if buffers[2] is None:
            return None
        offsets = np.frombuffer(buffers[1], dtype=kind)[
            chunk.offset : chunk.offset + len(chunk) + 1
        ]
        w = int(offsets[1] - offsets[0])
        if not 0 < w <= 8 or width not in (0, w) or offsets[-1] - offsets[0] != w * len(chunk):
            return None
        if not (np.diff(offsets) == w).all():
            return None
        width = w
        data = np.frombuffer(buffers[2], dtype=np.uint8)
        start, n = int(offsets[0]), len(chunk)
        # Label k's bytes are the low bytes of the 8 read from start + k * w (little-endian).
        safe = max(0, min(n, (len(data) - start - 8) // w + 1))
        key = np.empty(n, dtype=np.uint64)
        windows = np.ndarray((safe,), dtype="<u8", buffer=data, offset=start, strides=(w,))
        np.bitwise_and(windows, np.uint64((1 << (8 * w)) - 1), out=key[:safe])
        tail = np.zeros((n - safe, 8), dtype=np.uint8)
        tail[:, :w] = data[start + safe * w : start + n * w].reshape(-1, w)
        key[safe:] = tail.view("<u8").ravel()
        parts.append(key)
    if not parts:
        return None
    return np.concatenate(parts) if len(parts) > 1 else parts[0], width


def _structured_codes(keys: NDArray[Any]) -> tuple[NDArray[np.int64], NDArray[Any]] | None:
    """Codes from the runs (sorted column) or the period (tiled column) of ``keys``."""
    n = len(keys)
    sample = keys[:_SAMPLE]
    if np.count_nonzero(sample[1:] != sample[:-1]) < len(sample) // 8:
        heads = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
        head_codes, uniques = pd.factorize(keys[heads])
        return np.repeat(head_codes.astype(np.int64), np.diff(np.append(heads, n))), uniques
    again = np.flatnonzero(keys[1 : 1 << 16] == keys[0])
    if again.size:
        period = int(again[0]) + 1
        if n % period == 0 and (keys.reshape(-1, period) == keys[:period]).all():
            block, uniques = pd.factorize(keys[:period])
            return np.tile(block.astype(np.int64), n // period), uniques
    return None


def _arrow_codes(column: pd.Series) -> Codes | None:
    """Codes and labels of a pyarrow-backed text column without nulls (None otherwise)."""
    dtype = column.dtype
    if not (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"):
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    chunked = column.array.__arrow_array__()  # the column's own chunks, no copy
    if not isinstance(chunked, pa.ChunkedArray):
        chunked = pa.chunked_array([chunked])
    if len(chunked) != len(column) or chunked.null_count or chunked.num_chunks == 0:
        return None
    fixed = _fixed_width_keys(chunked)
    found = None if fixed is None else _structured_codes(fixed[0])
    if fixed is not None and found is not None:
        codes, uniques = found
        raw = np.ascontiguousarray(uniques, dtype="<u8").view(np.uint8).reshape(-1, 8)
        text = [bytes(row[: fixed[1]]).decode("utf-8") for row in raw]
        return codes, np.asarray(text, dtype=object)
    encoded = pc.dictionary_encode(chunked)  # one dictionary shared by every chunk
    codes = np.concatenate([c.indices.to_numpy() for c in encoded.chunks])
    labels = np.asarray(encoded.chunks[-1].dictionary.to_pylist(), dtype=object)
    return codes.astype(np.int64, copy=False), labels


def factorize_labels(column: pd.Series) -> Codes:
    """Integer codes and sorted text labels; values equal as text share one code.

    Parameters
    ----------
    column : pandas.Series
        A label column (text, integers, anything with a text form).

    Returns
    -------
    tuple of numpy.ndarray
        ``codes`` (int64, one per row) and ``labels`` (sorted text), with
        ``labels[codes[k]] == str(column[k])``.

    Examples
    --------
    >>> codes, labels = factorize_labels(pd.Series(["b", "a", "b"]))
    >>> codes.tolist(), labels.tolist()
    ([1, 0, 1], ['a', 'b'])

    """
    fast = _arrow_codes(column) or _int_codes(column)
    if fast is None:
        raw, uniques = pd.factorize(column, use_na_sentinel=False)
        codes = raw.astype(np.int64, copy=False)
        text = np.asarray([str(u) for u in uniques], dtype=object)
    else:
        codes, text = fast
    labels, inverse = np.unique(text, return_inverse=True)
    if (np.diff(inverse) == 1).all() and len(inverse) == len(labels):
        return codes, labels.astype(object)
    return inverse.astype(np.int64)[codes], labels.astype(object)
