package io.exmy.fit;

import io.exmy.fit.data.DataReader;
import io.exmy.fit.data.Dataset;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

final class DataReaderTestSupport {
    private DataReaderTestSupport() {
    }

    static Dataset assumeData(Path p) {
        Assumptions.assumeTrue(Files.isRegularFile(p), "skipped: " + p.toAbsolutePath().normalize()
                + " is absent (the shared data folder lies next to the repository in CI)");
        return DataReader.read(p);
    }
}
