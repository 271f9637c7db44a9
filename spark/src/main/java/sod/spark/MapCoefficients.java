package sod.spark;

import java.io.Serializable;

/** y on a block's local entries and {@code y / 2} in lower-list order: a cached adjoint map's state. */
record MapCoefficients(double[] y, double[] lowerCoef) implements Serializable {}
