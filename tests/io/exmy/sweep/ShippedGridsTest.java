package io.exmy.sweep;

import io.exmy.experiment.ExperimentConfig;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The grid files in {@code sweeps/} and the experiment files in {@code experiments/} are what the
 * docs tell users to run, some only on a GPU machine where a typo would cost the device time:
 * each must load and expand into valid runs here.
 */
class ShippedGridsTest {
    private static List<Path> files(String dir) throws IOException {
        try (Stream<Path> s = Files.list(Path.of(dir))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everySweepFileExpands() throws IOException {
        List<Path> grids = files("sweeps");
        assertTrue(grids.size() >= 5, "sweeps/ has only " + grids);
        return grids.stream().map(p -> DynamicTest.dynamicTest(p.toString(), () -> {
            List<PlannedRun> runs = GridExpander.expand(Grid.load(p));
            assertFalse(runs.isEmpty(), p + " expands to no runs");
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyExperimentFileLoads() throws IOException {
        List<Path> experiments = files("experiments");
        assertTrue(experiments.size() >= 2, "experiments/ has only " + experiments);
        return experiments.stream().map(p -> DynamicTest.dynamicTest(p.toString(), () -> ExperimentConfig.load(p)));
    }
}
