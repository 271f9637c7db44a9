package sod.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Which driver arrays hold (or are owed) the residuals of which cached evaluation on the executors,
 * by array identity: the solver's iterate keeps two residual arrays and swaps them, and the same
 * array object comes back as y of {@code adjointMap}/{@code adjointTimes}, so the operator can use the
 * residuals where they already are. At most {@link #CAPACITY} arrays are tracked; the oldest is
 * evicted (filled first if it was still owed, so no array is ever left stale).
 *
 * @param <E> what an evaluation is (the cached RDD and its broadcast X)
 */
final class TrackedResiduals<E> {
    static final int CAPACITY = 4;

    /** A driver array and its evaluation; {@code filled} once the values were copied into the array. */
    static final class Entry<E> {
        final double[] array;
        final E evaluation;
        boolean filled;

        Entry(double[] array, E evaluation) {
            this.array = array;
            this.evaluation = evaluation;
        }
    }

    private final List<Entry<E>> entries = new ArrayList<>();
    private final Consumer<Entry<E>> fill;
    private final Consumer<E> release;

    /**
     * @param fill    copies an entry's residuals into its array
     * @param release frees an evaluation (unpersist, destroy its broadcast)
     */
    TrackedResiduals(Consumer<Entry<E>> fill, Consumer<E> release) {
        this.fill = fill;
        this.release = release;
    }

    /** The entry of this array, or null. */
    Entry<E> get(double[] array) {
        for (Entry<E> e : entries) if (e.array == array) return e;
        return null;
    }

    /** {@code array} now belongs to {@code evaluation} (not yet filled); its previous one is released. */
    void record(double[] array, E evaluation) {
        forget(array);
        if (entries.size() == CAPACITY) {
            Entry<E> oldest = entries.remove(0);
            if (!oldest.filled) fill.accept(oldest);
            release.accept(oldest.evaluation);
        }
        entries.add(new Entry<>(array, evaluation));
    }

    /** The array is about to be overwritten by something else: its evaluation is released. */
    void forget(double[] array) {
        for (int k = 0; k < entries.size(); k++) {
            if (entries.get(k).array == array) {
                release.accept(entries.remove(k).evaluation);
                return;
            }
        }
    }

    /** Fills the array if owed; returns its entry (null when untracked). */
    Entry<E> filled(double[] array) {
        Entry<E> e = get(array);
        if (e != null && !e.filled) {
            fill.accept(e);
            e.filled = true;
        }
        return e;
    }

    /** Releases everything (at close: arrays still owed their residuals stay unfilled). */
    void clear() {
        for (Entry<E> e : entries) release.accept(e.evaluation);
        entries.clear();
    }
}
