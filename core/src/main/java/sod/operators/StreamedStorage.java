package sod.operators;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Optional;

/**
 * Zeroed off-heap storage for operator data that every pass streams from memory once (the dense
 * operator's packed matrices, 85-170 MB at n = 128, m = 2560), owned by an arena.
 *
 * <p>Why not a plain {@link Arena#allocate}: with 4 KB pages, the hardware prefetchers stop at every
 * page boundary and the TLB misses every 4 KB of each of the streams a row-block kernel reads at once.
 * On Linux this class maps the storage anonymously and advises it {@code MADV_HUGEPAGE} before the first
 * touch, so that it is backed by 2 MB transparent huge pages where the system's THP mode is
 * {@code madvise} (Debian's and Ubuntu's default; under {@code always} an arena allocation gets them
 * anyway, under {@code never} nothing changes). On the 2-core EPYC (THP mode madvise) a one-thread
 * streaming read of 85-170 MB of such storage took 0.72-0.81 of the time of the same read of an arena
 * allocation (issue 16, medians of alternated rounds). Elsewhere, below
 * {@link #MAPPED_FROM_BYTES}, or if the mapping fails, it falls back to the arena. The contents and
 * alignment (at least 64 bytes) are the same either way; only the speed differs.
 */
final class StreamedStorage {

    /** Smaller storage is allocated from the arena: a huge page would be mostly empty. */
    static final long MAPPED_FROM_BYTES = 8L << 20;

    private static final long HUGE_PAGE = 2L << 20;
    // Linux values (the same on x86-64 and aarch64).
    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
    private static final int MADV_HUGEPAGE = 14;
    private static final long MAP_FAILED = -1L;

    private StreamedStorage() {
    }

    /** {@code bytes} zeroed bytes, freed when {@code arena} is closed. */
    static MemorySegment allocate(Arena arena, long bytes) {
        if (bytes < MAPPED_FROM_BYTES) return arena.allocate(bytes, 64);
        return mapped(arena, bytes).orElseGet(() -> arena.allocate(bytes, 64));
    }

    /**
     * The advised mapping, 2 MB aligned, unmapped when {@code arena} closes; empty when not on Linux or
     * when mmap fails (a failed madvise only costs the speed and is ignored).
     */
    static Optional<MemorySegment> mapped(Arena arena, long bytes) {
        if (Libc.MMAP == null) return Optional.empty();
        long length = bytes + HUGE_PAGE; // room to align the start to a huge page
        try {
            MemorySegment base = (MemorySegment) Libc.MMAP.invokeExact(MemorySegment.NULL, length, PROT_READ_WRITE,
                    MAP_PRIVATE_ANONYMOUS, -1, 0L);
            if (base.address() == MAP_FAILED || base.address() == 0) return Optional.empty();
            long start = (base.address() + HUGE_PAGE - 1) & -HUGE_PAGE;
            long advised = (bytes + HUGE_PAGE - 1) & -HUGE_PAGE;
            int ignored = (int) Libc.MADVISE.invokeExact(MemorySegment.ofAddress(start), advised, MADV_HUGEPAGE);
            MemorySegment unmapOnClose = base.reinterpret(length);
            return Optional.of(MemorySegment.ofAddress(start).reinterpret(bytes, arena, s -> unmap(unmapOnClose)));
        } catch (Throwable t) {
            return Optional.empty();
        }
    }

    private static void unmap(MemorySegment mapping) {
        try {
            int ignored = (int) Libc.MUNMAP.invokeExact(mapping, mapping.byteSize());
        } catch (Throwable t) {
            throw new IllegalStateException("munmap failed", t);
        }
    }

    /** The three libc calls, bound once; all null where they are not available. */
    private static final class Libc {
        static final MethodHandle MMAP, MADVISE, MUNMAP;

        static {
            MethodHandle mmap = null, madvise = null, munmap = null;
            if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
                try {
                    Linker linker = Linker.nativeLinker();
                    SymbolLookup libc = linker.defaultLookup();
                    mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(),
                            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
                    madvise = linker.downcallHandle(libc.find("madvise").orElseThrow(),
                            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
                    munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(),
                            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
                } catch (RuntimeException e) {
                    mmap = madvise = munmap = null;
                }
            }
            MMAP = mmap;
            MADVISE = madvise;
            MUNMAP = munmap;
        }
    }
}
