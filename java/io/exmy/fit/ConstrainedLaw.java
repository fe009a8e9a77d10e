package io.exmy.fit;

/**
 * A law that fits fewer constants than the law it is built on: some held at values
 * ({@link PinnedLaw}), some tied to others ({@link TiedLaw}). The fitters see only the free
 * constants; predictions, derivations and plots that are defined on the whole law get the base
 * law and the full constants back through {@link Laws#base} and {@link Laws#fullConstants}.
 */
public interface ConstrainedLaw extends Law {
    Law base();

    /** The base law's constants (natural scale) from this law's free constants. */
    double[] expand(double[] freeNatural);
}
