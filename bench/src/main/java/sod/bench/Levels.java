package sod.bench;

/**
 * Working-set sizes that put a kernel's data in one level of this machine's memory hierarchy
 * (AMD EPYC: 32 KB L1d and 512 KB L2 per core, 32 MB shared L3): about half of each level, and
 * 128 MB for DRAM.
 */
final class Levels {
    private Levels() {
    }

    /** Bytes of data a kernel touches per call at the given level name (L1, L2, L3, DRAM). */
    static long workingSet(String level) {
        return switch (level) {
            case "L1" -> 16L << 10;
            case "L2" -> 256L << 10;
            case "L3" -> 8L << 20;
            case "DRAM" -> 128L << 20;
            default -> throw new IllegalArgumentException("level must be L1, L2, L3 or DRAM, got " + level);
        };
    }

    /** Dot length: a and x, 16 bytes per element. */
    static int dotLength(String level) {
        return (int) (workingSet(level) / 16);
    }

    /** Row length of the four-row axpy: 4 rows read, y read and written, 48 bytes per element. */
    static int axpy4Length(String level) {
        return (int) (workingSet(level) / 48 / 8 * 8);
    }

    /** n of a packed symmetric matrix of about the working set (n(n+1)/2 doubles). */
    static int packedN(String level) {
        return switch (level) {
            case "L1" -> 64;
            case "L2" -> 224;
            case "L3" -> 1024;
            case "DRAM" -> 4096;
            default -> throw new IllegalArgumentException("level must be L1, L2, L3 or DRAM, got " + level);
        };
    }
}
