#!/usr/bin/env python3
"""Writes the io test fixtures with NumPy and SciPy, the independent references of sod.io's readers.

Run from anywhere: python3 src/test/resources/io/make_fixtures.py
Deterministic (fixed seeds); every file is small. Each input comes with its expected values in a
plain form the tests read through an already trusted path: a C-order float64 .npy (read by
Npy.read) or a CSV of repr-exact decimals.

Layout:
  npy/      Fortran order, integer/bool/float16/float32 dtypes, (m,1)/(1,m) vectors, (m, n*n)
            operators, and hostile headers (big-endian, object, complex, text)
  npz/      numpy.savez and savez_compressed archives of a problem (A, b, Z, X0, w, F)
  sparse/   scipy.sparse.save_npz of an m x n^2 sensing matrix (csr/csc/coo, compressed or not,
            int64 indices, float32 data, shuffled/unsorted order), the same as Matrix Market, the
            expected dense (m, n, n) stacks, and hostile files in the save_npz layout
  mtx/      completion observations of a symmetric matrix: mmwrite 'general' (both mirrors) and
            'symmetric', with the expected upper-triangle entries as CSV
"""
import os

import numpy as np
import scipy.io
import scipy.sparse as sp

ROOT = os.path.dirname(os.path.abspath(__file__))


def path(*parts):
    full = os.path.join(ROOT, *parts)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    return full


def expect(name, array):
    """The reference values: C-order float64, as Npy.read accepts."""
    np.save(path(name), np.ascontiguousarray(np.asarray(array, dtype=np.float64)))


def npy_fixtures():
    rng = np.random.default_rng(15)
    a2 = rng.standard_normal((3, 4))
    np.save(path("npy", "fortran_2d.npy"), np.asfortranarray(a2))
    expect("npy/fortran_2d.expected.npy", a2)
    a3 = rng.standard_normal((2, 3, 4))
    np.save(path("npy", "fortran_3d.npy"), np.asfortranarray(a3))
    expect("npy/fortran_3d.expected.npy", a3)
    f3 = rng.standard_normal((2, 3, 4)).astype(np.float32)
    np.save(path("npy", "fortran_3d_f32.npy"), np.asfortranarray(f3))
    expect("npy/fortran_3d_f32.expected.npy", f3)

    ints = {
        "int8": np.array([[-128, -1, 0], [1, 7, 127]], dtype=np.int8),
        "int16": np.array([[-32768, -300, 0], [1, 300, 32767]], dtype=np.int16),
        "int32": np.array([[-2**31, -70000, 0], [1, 70000, 2**31 - 1]], dtype=np.int32),
        # 2**53 + 1 and the extremes do not survive float64; 2**62 does.
        "int64": np.array([[-2**63, -(2**53 + 1), 0], [2**53 + 1, 2**62, 2**63 - 1]], dtype=np.int64),
        "uint8": np.array([[0, 1, 2], [127, 128, 255]], dtype=np.uint8),
        "uint16": np.array([[0, 1, 2], [32767, 32768, 65535]], dtype=np.uint16),
        "uint32": np.array([[0, 1, 2], [2**31 - 1, 2**31, 2**32 - 1]], dtype=np.uint32),
        "uint64": np.array([[0, 1, 2**53 + 1], [2**63, 2**63 + 2**11, 2**64 - 1]], dtype=np.uint64),
        "bool": np.array([[True, False, True], [False, False, True]]),
        "float16": np.array([[-65504, -1.5, 0], [2**-24, 0.333, 65504]], dtype=np.float16),
    }
    with open(path("npy", "widening.csv"), "w") as counts:
        counts.write("# dtype,values that round when widened to float64 (Python's exact integers against float())\n")
        for name, array in ints.items():
            np.save(path("npy", name + ".npy"), array)
            expect("npy/" + name + ".expected.npy", array.astype(np.float64))
            rounded = 0
            if array.dtype.kind in "iu":
                rounded = sum(int(float(int(v))) != int(v) for v in array.flat)
            counts.write("%s,%d\n" % (name, rounded))
    i32f = np.asfortranarray(np.arange(12, dtype=np.int32).reshape(3, 4) * -7)
    np.save(path("npy", "int32_fortran.npy"), i32f)
    expect("npy/int32_fortran.expected.npy", i32f)

    f32 = (rng.standard_normal((3, 4)) * 1e3).astype(np.float32)
    np.save(path("npy", "float32.npy"), f32)
    expect("npy/float32.expected.npy", f32)

    v = rng.standard_normal(5)
    np.save(path("npy", "vector.npy"), v)
    np.save(path("npy", "column.npy"), v.reshape(5, 1))
    np.save(path("npy", "row.npy"), v.reshape(1, 5))
    np.save(path("npy", "column_fortran.npy"), np.asfortranarray(v.reshape(5, 1)))
    expect("npy/vector.expected.npy", v)
    np.save(path("npy", "not_vector.npy"), rng.standard_normal((2, 3)))

    stack = rng.standard_normal((3, 4, 4))
    stack = (stack + stack.transpose(0, 2, 1)) / 2
    np.save(path("npy", "op_stack.npy"), stack)
    np.save(path("npy", "op_flat.npy"), stack.reshape(3, 16))
    np.save(path("npy", "op_flat_fortran.npy"), np.asfortranarray(stack.reshape(3, 16)))
    np.save(path("npy", "op_not_square.npy"), rng.standard_normal((3, 15)))
    expect("npy/op.expected.npy", stack)

    np.save(path("npy", "bigendian.npy"), np.arange(3, dtype=">f8"))
    np.save(path("npy", "object.npy"), np.array([1, "x", None], dtype=object), allow_pickle=True)
    np.save(path("npy", "complex.npy"), np.array([1 + 2j, 3j]))
    np.save(path("npy", "text.npy"), np.array(["ab", "c"]))


def problem_arrays():
    rng = np.random.default_rng(18)
    a = rng.standard_normal((3, 4, 4))
    a = (a + a.transpose(0, 2, 1)) / 2
    z = rng.standard_normal((4, 1))
    b = np.einsum("ipq,p,q->i", a, z[:, 0], z[:, 0])
    return {
        "A": a,
        "b": b,
        "Z": z,
        "X0": rng.standard_normal((4, 1)).astype(np.float32),
        "w": np.array([1, 2, 3], dtype=np.int32),
        "F": np.asfortranarray(rng.standard_normal((3, 5))),
    }


def npz_fixtures():
    arrays = problem_arrays()
    np.savez(path("npz", "problem.npz"), **arrays)
    np.savez_compressed(path("npz", "problem_compressed.npz"), **arrays)
    for name, array in arrays.items():
        expect("npz/expected_" + name + ".npy", array)


def symmetric_stack(rng, m, n, density):
    """m sparse symmetric n x n matrices, each with a nonzero diagonal entry or two."""
    stack = np.zeros((m, n, n))
    for i in range(m):
        mask = rng.random((n, n)) < density
        values = np.round(rng.standard_normal((n, n)), 6)
        upper = np.triu(mask * values)
        stack[i] = upper + np.triu(upper, 1).T
        stack[i, i % n, i % n] += 1.25
    return stack


def save_layout(name, compressed=False, **arrays):
    """The archive layout of scipy.sparse.save_npz, for hostile files SciPy would refuse to make."""
    (np.savez_compressed if compressed else np.savez)(path("sparse", name), **arrays)


def sparse_fixtures():
    rng = np.random.default_rng(9241)
    m, n = 7, 5
    stack = symmetric_stack(rng, m, n, 0.35)
    matrix = sp.csr_matrix(stack.reshape(m, n * n))
    expect("sparse/dense.expected.npy", stack)
    for fmt in ("csr", "csc", "coo"):
        sp.save_npz(path("sparse", "A_%s.npz" % fmt), matrix.asformat(fmt), compressed=False)
        sp.save_npz(path("sparse", "A_%s_compressed.npz" % fmt), matrix.asformat(fmt), compressed=True)

    wide = matrix.copy()
    wide.indices = wide.indices.astype(np.int64)
    wide.indptr = wide.indptr.astype(np.int64)
    sp.save_npz(path("sparse", "A_csr_int64.npz"), wide, compressed=False)

    single = matrix.astype(np.float32)
    sp.save_npz(path("sparse", "A_csr_float32.npz"), single)
    expect("sparse/dense_float32.expected.npy", single.toarray().reshape(m, n, n))

    coo = matrix.tocoo()
    order = rng.permutation(coo.nnz)
    shuffled = sp.coo_matrix((coo.data[order], (coo.row[order], coo.col[order])), shape=coo.shape)
    sp.save_npz(path("sparse", "A_coo_shuffled.npz"), shuffled)
    unsorted = matrix.copy()
    for i in range(m):
        lo, hi = unsorted.indptr[i], unsorted.indptr[i + 1]
        unsorted.indices[lo:hi] = unsorted.indices[lo:hi][::-1]
        unsorted.data[lo:hi] = unsorted.data[lo:hi][::-1]
    unsorted.has_sorted_indices = False
    sp.save_npz(path("sparse", "A_csr_unsorted.npz"), unsorted)

    scipy.io.mmwrite(path("sparse", "A.mtx"), matrix, symmetry="general")

    # Slightly and grossly asymmetric, and upper-triangle-only: readable with symmetrise.
    asym = stack.copy()
    asym[2, 0, 1] += 0.5
    asym[2, 1, 0] -= 0.25
    asym[4, 3, 4] = 0 if asym[4, 3, 4] else 2.0
    asym_matrix = sp.csr_matrix(asym.reshape(m, n * n))
    sp.save_npz(path("sparse", "asymmetric.npz"), asym_matrix)
    scipy.io.mmwrite(path("sparse", "asymmetric.mtx"), asym_matrix, symmetry="general")
    expect("sparse/asymmetric.symmetrised.npy", (asym + asym.transpose(0, 2, 1)) / 2)
    upper = np.triu(stack)
    sp.save_npz(path("sparse", "upper_only.npz"), sp.coo_matrix(upper.reshape(m, n * n)))
    expect("sparse/upper_only.symmetrised.npy", (upper + upper.transpose(0, 2, 1)) / 2)
    lower = np.tril(stack)
    sp.save_npz(path("sparse", "lower_only.npz"), sp.csc_matrix(lower.reshape(m, n * n)))
    expect("sparse/lower_only.symmetrised.npy", (lower + lower.transpose(0, 2, 1)) / 2)

    # Hostile files in the save_npz layout (format, shape, data, indices, indptr or row/col).
    csr = matrix
    base = dict(format=b"csr", shape=np.array(csr.shape), data=csr.data, indices=csr.indices, indptr=csr.indptr)

    def variant(name, compressed=False, **changes):
        arrays = dict(base)
        arrays.update(changes)
        save_layout(name, compressed, **{k: v for k, v in arrays.items() if v is not None})

    data_nan = csr.data.copy()
    data_nan[3] = np.nan
    variant("bad_nan.npz", data=data_nan)
    data_inf = csr.data.copy()
    data_inf[5] = -np.inf
    variant("bad_inf.npz", compressed=True, data=data_inf)
    out_of_range = csr.indices.copy()
    out_of_range[4] = n * n
    variant("bad_index_range.npz", indices=out_of_range)
    negative = csr.indices.copy()
    negative[0] = -1
    variant("bad_index_negative.npz", indices=negative)
    variant("bad_shape_not_square.npz", shape=np.array([m, 24]))
    variant("bad_shape_rows.npz", shape=np.array([0, n * n]))
    variant("bad_shape_dtype.npz", shape=np.array([7.0, 25.0]))
    variant("bad_format.npz", format=b"bsr")
    variant("bad_no_format.npz", format=None)
    variant("bad_missing_indptr.npz", indptr=None)
    variant("bad_float_indices.npz", indices=csr.indices.astype(np.float64))
    variant("bad_object_data.npz", data=np.array(list(csr.data), dtype=object))
    variant("bad_complex_data.npz", data=csr.data.astype(np.complex128))
    decreasing = csr.indptr.copy()
    decreasing[3] = decreasing[2] - 1
    variant("bad_indptr_decreasing.npz", indptr=decreasing)
    variant("bad_indptr_short.npz", indptr=csr.indptr[:-1])
    last = csr.indptr.copy()
    last[-1] -= 1
    variant("bad_indptr_last.npz", indptr=last)
    variant("bad_data_short.npz", data=csr.data[:-1])
    variant("bad_indices_2d.npz", indices=csr.indices.reshape(1, -1))
    dup = csr.indices.copy()
    lo = csr.indptr[1]
    dup[lo + 1] = dup[lo]  # row 1's second entry repeats its first position
    variant("bad_duplicate_csr.npz", indices=dup)
    coo_dup_row = np.append(coo.row, coo.row[2])
    coo_dup_col = np.append(coo.col, coo.col[2])
    save_layout("bad_duplicate_coo.npz", format=b"coo", shape=np.array(coo.shape), data=np.append(coo.data, 1.0),
                row=coo_dup_row, col=coo_dup_col)
    row_out = coo.row.copy()
    row_out[1] = m
    save_layout("bad_row_range_coo.npz", format=b"coo", shape=np.array(coo.shape), data=coo.data, row=row_out,
                col=coo.col)
    save_layout("bad_coo_lengths.npz", format=b"coo", shape=np.array(coo.shape), data=coo.data, row=coo.row,
                col=coo.col[:-2])

    # Index and value types SciPy does not write but the save_npz layout allows: every integer width.
    ints = np.round(stack * 4)
    int_coo = sp.coo_matrix(ints.reshape(m, n * n))
    expect("sparse/integer.expected.npy", ints)
    save_layout("types_coo.npz", format=b"coo", shape=np.array(int_coo.shape, dtype=np.int32),
                row=int_coo.row.astype(np.int8), col=int_coo.col.astype(np.uint16), data=int_coo.data.astype(np.int16))
    int_csr = int_coo.tocsr()
    save_layout("types_csr.npz", compressed=True, format="csr", shape=np.array(int_csr.shape, dtype=np.uint64),
                indptr=int_csr.indptr.astype(np.uint32), indices=int_csr.indices.astype(np.uint8),
                data=int_csr.data.astype(np.int8))
    int_csc = int_coo.tocsc()
    save_layout("types_csc.npz", format=b"csc", shape=np.array(int_csc.shape), indptr=int_csc.indptr.astype(np.int16),
                indices=int_csc.indices.astype(np.uint64), data=int_csc.data.astype(np.float16))
    pattern = sp.csr_matrix(ints.reshape(m, n * n) != 0)
    save_layout("types_bool.npz", format=b"csr", shape=np.array(pattern.shape), indptr=pattern.indptr.astype(np.int64),
                indices=pattern.indices.astype(np.uint32), data=pattern.data)
    expect("sparse/pattern.expected.npy", ints != 0)
    for dtype in (np.uint16, np.uint32, np.int32, np.int64, np.uint64):
        save_layout("types_data_%s.npz" % np.dtype(dtype).name, format=b"coo", shape=np.array(int_coo.shape),
                    row=int_coo.row, col=int_coo.col, data=np.abs(int_coo.data).astype(dtype))
    expect("sparse/integer_abs.expected.npy", np.abs(ints))
    variant("bad_indptr_first.npz", indptr=csr.indptr + 1)
    col_out = coo.col.copy()
    col_out[2] = n * n + 3
    save_layout("bad_col_range_coo.npz", format=b"coo", shape=np.array(coo.shape), data=coo.data, row=coo.row,
                col=col_out)
    variant("bad_format_dtype.npz", format=np.array([1, 2]))
    variant("bad_format_shape.npz", format=np.array([b"csr", b"csc"]))
    variant("bad_shape_length.npz", shape=np.array([7, 25, 1]))

    # Matrix Market variants of the sensing matrix.
    with open(path("sparse", "A.mtx")) as f:
        lines = f.read().splitlines()
    header_end = next(k for k, line in enumerate(lines) if not line.startswith("%"))

    def mtx(name, body):
        with open(path("sparse", name), "w") as f:
            f.write("\n".join(body) + "\n")

    entries = lines[header_end + 1:]
    rows, cols, _ = lines[header_end].split()
    mtx("bad_duplicate.mtx", lines[:header_end] + ["%s %s %d" % (rows, cols, len(entries) + 1)]
        + entries + [entries[3]])
    kept = [e for e in entries if int(e.split()[1]) <= 24]
    mtx("bad_not_square.mtx", lines[:header_end] + ["%s 24 %d" % (rows, len(kept))] + kept)
    mtx("bad_symmetric_banner.mtx", ["%%MatrixMarket matrix coordinate real symmetric", "4 4 1", "1 1 1"])
    mtx("bad_no_rows.mtx", ["%%MatrixMarket matrix coordinate real general", "0 25 0"])


def mtx_fixtures():
    rng = np.random.default_rng(2869)
    n = 6
    dense = np.triu(np.round(rng.standard_normal((n, n)), 4) * (rng.random((n, n)) < 0.5))
    dense[1, 4] = 1 / 3  # needs all 16-17 digits
    dense = dense + np.triu(dense, 1).T
    matrix = sp.coo_matrix(dense)
    scipy.io.mmwrite(path("mtx", "observed_general.mtx"), matrix, symmetry="general")
    scipy.io.mmwrite(path("mtx", "observed_symmetric.mtx"), matrix)
    upper = sp.triu(sp.coo_matrix(dense)).tocoo()
    order = np.lexsort((upper.col, upper.row))
    with open(path("mtx", "observed.expected.csv"), "w") as f:
        f.write("# row,col,value of the upper triangle, 0-based, sorted; values in repr (exact) form\n")
        for k in order:
            f.write("%d,%d,%r\n" % (upper.row[k], upper.col[k], float(upper.data[k])))
    with open(path("mtx", "observed_general.mtx")) as f:
        text = f.read().splitlines()
    # Make one mirror disagree: the last off-diagonal entry line.
    for k in range(len(text) - 1, 0, -1):
        parts = text[k].split()
        if len(parts) == 3 and parts[0] != parts[1] and not text[k].startswith("%"):
            text[k] = "%s %s %r" % (parts[0], parts[1], float(parts[2]) + 1)
            break
    with open(path("mtx", "observed_disagree.mtx"), "w") as f:
        f.write("\n".join(text) + "\n")


if __name__ == "__main__":
    npy_fixtures()
    npz_fixtures()
    sparse_fixtures()
    mtx_fixtures()
