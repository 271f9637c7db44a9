package sod.spark;

import org.apache.spark.Partitioner;

/** Sends a record keyed by a partition index to that partition (the keys are {@link RowPlan} owners). */
final class IdentityPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    IdentityPartitioner(int partitions) {
        this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        return (Integer) key;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IdentityPartitioner o && o.partitions == partitions;
    }

    @Override
    public int hashCode() {
        return partitions;
    }
}
