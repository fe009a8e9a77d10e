package io.exmy.fit;

import io.exmy.bench.FitBenchmark;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every law converges on 1,000 noisy points from its published constants, grid of initialisations
 * included: the workload of {@code exmy bench fit}, whose time goal (under 5 s on two cores) is a
 * figure in docs/BENCHMARKS.md, not an assertion here.
 */
class LargeFitTest {
    static java.util.List<String> laws() {
        return FitBenchmark.laws();
    }

    @ParameterizedTest
    @MethodSource("laws")
    void convergesOnAThousandPoints(String law) {
        FitBenchmark.Result r = FitBenchmark.run(law, 1000, 11);
        assertTrue(r.converged(), law + " did not converge on 1000 points");
        assertTrue(r.r2Log() > 0.5, law + ": R² of log L " + r.r2Log());
    }
}
