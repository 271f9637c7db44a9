package sod.operators;

/** Storage precision of operator data; arithmetic and accumulation are always in double. */
public enum Precision {
    FLOAT64(8),
    FLOAT32(4);

    private final int bytes;

    Precision(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per stored element. */
    public int bytes() {
        return bytes;
    }
}
