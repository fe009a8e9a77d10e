package io.exmy.sweep.qerror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exmy.format.CastSpec;
import io.exmy.format.ExmyCast;
import io.exmy.format.Format;
import io.exmy.format.Rounding;
import io.exmy.results.Json;
import io.exmy.results.ResultsStore;
import io.exmy.sweep.ProgressReporter;
import io.exmy.sweep.RunConfig;
import io.exmy.sweep.RunContext;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuantErrorKindTest {
    @TempDir
    Path dir;

    private ObjectNode run(String format, String distribution, double scale, String rounding) throws Exception {
        QuantErrorKind k = new QuantErrorKind();
        ObjectNode cfg = k.normalize(Json.object().put("format", format).put("distribution", distribution)
                .put("scale", scale).put("rounding", rounding).put("elements", 20_000).put("seed", 5));
        RunContext ctx = new RunContext(ResultsStore.openOrCreate(dir), RunConfig.of("qerror", cfg).id(),
                ProgressReporter.NONE);
        ObjectNode m = k.run(RunConfig.of("qerror", cfg), ctx);
        assertTrue(ctx.device().contains(":"), ctx.device());
        return m;
    }

    @Test
    void metricsMatchTheJavaReferenceCast() throws Exception {
        ObjectNode m = run("e3m2", "laplace", 10.0, "sr");
        float[] x = QuantErrorKind.sample("laplace", 10.0, 20_000, 5);
        CastSpec spec = new CastSpec(Format.E3M2, Rounding.SR, true, false, 5);
        double se = 0;
        double ss = 0;
        long clipped = 0;
        for (int i = 0; i < x.length; i++) {
            double d = (double) ExmyCast.cast(x[i], spec, i) - x[i];
            se += d * d;
            ss += (double) x[i] * x[i];
            clipped += Math.abs(x[i]) > Format.E3M2.maxValue() ? 1 : 0;
        }
        assertEquals(Math.sqrt(se / ss), m.get("rel_rmse").asDouble(), 1e-12);
        assertEquals(10 * Math.log10(ss / se), m.get("sqnr_db").asDouble(), 1e-9);
        assertEquals((double) clipped / x.length, m.get("clipped_fraction").asDouble());
        assertTrue(clipped > 100, "laplace with std 10 exceeds e3m2 max 28 about 2% of the time: " + clipped);
    }

    @Test
    void moreMantissaMeansLessError() throws Exception {
        double e2m1 = run("e2m1", "normal", 1, "rne").get("sqnr_db").asDouble();
        double e4m3 = run("e4m3", "normal", 1, "rne").get("sqnr_db").asDouble();
        double bf16 = run("bf16", "normal", 1, "rne").get("sqnr_db").asDouble();
        assertTrue(e2m1 < e4m3 && e4m3 < bf16, e2m1 + " " + e4m3 + " " + bf16);
        // ~6 dB per mantissa bit: e4m3 (3 bits) sits near 31 dB on unit normals
        assertTrue(e4m3 > 27 && e4m3 < 34, "e4m3 sqnr " + e4m3);
        ObjectNode clip = run("e2m1", "uniform", 10, "rne");
        // uniform on +-10*sqrt(3) = +-17.3, e2m1 max 6: (17.3-6)/17.3 of values clip
        assertEquals((10 * Math.sqrt(3) - 6) / (10 * Math.sqrt(3)), clip.get("clipped_fraction").asDouble(), 0.02);
    }
}
