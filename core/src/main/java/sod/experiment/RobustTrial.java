package sod.experiment;

/**
 * One trial of the robust sweep: a fraction of outliers, a search rank, a method (by its loss) and a seed.
 *
 * @param fraction   outlier fraction p
 * @param searchRank columns r' of X
 * @param loss       {@link RecoveryMethod#loss()} of the method
 */
public record RobustTrial(double fraction, int searchRank, String loss, long seed) {
}
