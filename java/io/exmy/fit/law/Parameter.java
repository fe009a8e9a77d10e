package io.exmy.fit.law;

import java.util.Arrays;

/**
 * One fitted constant of a law. Positive constants (scale factors such as A, B, E) are fitted
 * as their logarithm: that is the log-sum-exp parameterisation of Hoffmann et al., it keeps
 * them positive without constraints and makes constants spanning many orders of magnitude
 * comparable in step size for the optimizer. Exponents are fitted as they are.
 *
 * <p>The grid and the bounds are given in fit space (log for positive constants) so that the
 * grid of initialisations can be written exactly as the papers state it.
 */
public record Parameter(String name, boolean positive, double[] fitGrid,
                        double fitLower, double fitUpper, String meaning) {

    public Parameter {
        if (!(fitLower < fitUpper)) {
            throw new IllegalArgumentException("parameter " + name + ": lower bound must be below upper bound");
        }
        if (fitGrid.length == 0) {
            throw new IllegalArgumentException("parameter " + name + ": grid of initial values is empty");
        }
        fitGrid = fitGrid.clone();
    }

    /** A positive constant fitted as its natural log; grid and bounds are in log space. */
    public static Parameter logScale(String name, String meaning, double lnLower, double lnUpper, double... lnGrid) {
        return new Parameter(name, true, lnGrid, lnLower, lnUpper, meaning);
    }

    /** A constant fitted as it is (exponents). */
    public static Parameter linear(String name, String meaning, double lower, double upper, double... grid) {
        return new Parameter(name, false, grid, lower, upper, meaning);
    }

    /** The same constant with another grid of initial values (fit space), for a law that shares it but not its grid. */
    public Parameter withFitGrid(double... grid) {
        return new Parameter(name, positive, grid, fitLower, fitUpper, meaning);
    }

    public double toFit(double natural) {
        return positive ? Math.log(natural) : natural;
    }

    public double toNatural(double fit) {
        return positive ? Math.exp(fit) : fit;
    }

    @Override
    public double[] fitGrid() {
        return fitGrid.clone();
    }

    public int gridSize() {
        return fitGrid.length;
    }

    public double gridValue(int i) {
        return fitGrid[i];
    }

    @Override
    public String toString() {
        return name + (positive ? " (log-scale)" : "") + " grid " + Arrays.toString(fitGrid);
    }
}
