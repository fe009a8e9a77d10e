package io.exmy.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.exmy.fit.data.Dataset;
import io.exmy.fit.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pivot cells: means with their n, differences, significant digits for small values, ± s.e. */
class PivotTest {
    /** Two cells of ΔqLoss: (nano, int2) with three seeds, (nano, int8) with one tiny value. */
    private static Dataset data() {
        Map<String, double[]> num = new LinkedHashMap<>();
        num.put("metrics.delta_loss", new double[] {0.30, 0.33, 0.27, 0.0000041});
        Map<String, String[]> cat = new LinkedHashMap<>();
        cat.put("config.model", new String[] {"nano", "nano", "nano", "nano"});
        cat.put("config.format", new String[] {"int2", "int2", "int2", "int8"});
        return new Dataset("test", 4, num, cat, List.of());
    }

    private static List<Object> row(Pivot.Spec spec) {
        Table t = Pivot.of(data(), spec);
        return t.rows().get(0);
    }

    @Test
    void fixedDigitsPrintATinyChangeAsZeroSignificantDigitsKeepItsSize() {
        List<Object> fixed = row(new Pivot.Spec(List.of("model"), "format", "delta_loss", null, null, null, 5));
        assertEquals(List.of("nano", "0.30000 (n=3)", "0.00000"), fixed);
        List<Object> sig = row(new Pivot.Spec(List.of("model"), "format", "delta_loss", null, null, null, 5, 3, false));
        assertEquals(List.of("nano", "0.300 (n=3)", "4.10e-6"), sig);
    }

    @Test
    void theSpreadIsTheStandardErrorOfTheMean() {
        // by hand: mean 0.30, deviations 0, 0.03, -0.03: sd = sqrt(0.0018/2) = 0.03, s.e. = 0.03/sqrt(3) = 0.017320...
        List<Object> r = row(new Pivot.Spec(List.of("model"), "format", "delta_loss", null, null, null, 4, 0, true));
        assertEquals(List.of("nano", "0.3000 ± 0.0173 (n=3)", "0.0000"), r);
        List<Object> d = row(new Pivot.Spec(List.of("model"), "format", "delta_loss", null, null, "int8", 4, 2, true));
        assertEquals(List.of("nano", "0.30 ± 0.017 (n=3) (+0.30)", "4.1e-6"), d);
    }
}
