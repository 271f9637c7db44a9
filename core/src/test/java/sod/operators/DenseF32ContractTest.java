package sod.operators;

/** The operator contract for dense Gaussian sensing stored as float32 (accumulated in double). */
class DenseF32ContractTest extends DenseF64ContractTest {

    @Override
    protected Precision precision() {
        return Precision.FLOAT32;
    }
}
