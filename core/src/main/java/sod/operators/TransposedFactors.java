package sod.operators;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Off-heap workspace of the operators that stream their data against transposed factors: U^T and
 * V^T (k x n each, so a kernel reads one factor column contiguously) and a scratch of
 * {@code scratchCopies} further k x n blocks (an output, or one partial per worker). It grows to the
 * widest k seen and never shrinks, so steady-state calls allocate nothing.
 */
final class TransposedFactors implements AutoCloseable {

    private final int n;
    private final int scratchCopies;
    private Arena arena;
    private int capacity;
    private MemorySegment ut, vt, scratch;

    TransposedFactors(int n, int scratchCopies) {
        this.n = n;
        this.scratchCopies = scratchCopies;
    }

    /** Makes room for width k; returns true when it had to reallocate (the contents are then lost). */
    boolean ensure(int k) {
        if (k <= capacity) return false;
        if (arena != null) arena.close();
        arena = Arena.ofShared();
        long bytes = 8L * k * n;
        ut = arena.allocate(bytes, 64);
        vt = arena.allocate(bytes, 64);
        scratch = arena.allocate(bytes * scratchCopies, 64);
        capacity = k;
        return true;
    }

    /** The widest k there is room for; scratch block w starts at element {@code w * capacity() * n}. */
    int capacity() {
        return capacity;
    }

    MemorySegment ut() {
        return ut;
    }

    MemorySegment vt() {
        return vt;
    }

    MemorySegment scratch() {
        return scratch;
    }

    @Override
    public void close() {
        if (arena != null) arena.close();
        arena = null;
    }
}
