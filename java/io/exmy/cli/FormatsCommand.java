package io.exmy.cli;

import io.exmy.cli.common.TextTable;
import io.exmy.format.Format;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "formats", mixinStandardHelpOptions = true,
        description = "Print the presets (or the formats given) with their exact constants.")
final class FormatsCommand implements Callable<Integer> {
    // Strings, converted in call(): picocli turns a conversion failure of a variable-arity
    // positional into "Unmatched argument", which hides the format parser's own message.
    @Parameters(paramLabel = "F", arity = "0..*", description = "Formats to describe instead of the presets.")
    List<String> formats = new ArrayList<>();

    @Option(names = "--csv", description = "Comma-separated output.")
    boolean csv;

    @Override
    public Integer call() {
        List<Format> list = new ArrayList<>();
        for (String f : formats) {
            list.add(Format.parse(f));
        }
        if (list.isEmpty()) {
            Format.presets().forEach(list::add);
        }
        System.out.print(table(list, csv));
        return 0;
    }

    static String table(List<Format> formats, boolean csv) {
        TextTable t = new TextTable("format", "E", "M", "kind", "bias", "bits", "max", "min normal", "min subnormal");
        for (Format f : formats) {
            t.row(f.name(), f.exponentBits(), f.mantissaBits(), f.kind().label, f.bias(), f.totalBits(),
                    max(f.maxValue()), f.isInteger() ? "-" : pow2(f.emin()), pow2(f.emin() - f.mantissaBits()));
        }
        return csv ? t.csv() : t.markdown();
    }

    /** Exact for the small formats' maxima, Java's shortest round-trip form for the wide ones. */
    static String max(float v) {
        return v < 1e7f ? new java.math.BigDecimal(v).stripTrailingZeros().toPlainString() : Float.toString(v);
    }

    /** 2^e with its value: exact when short, else to 4 digits. */
    static String pow2(int e) {
        java.math.BigDecimal v = new java.math.BigDecimal(Math.scalb(1.0, e));
        String exact = v.stripTrailingZeros().toPlainString();
        return "2^" + e + (exact.length() <= 12 ? " = " + exact : String.format(java.util.Locale.ROOT, " ≈ %.4g", v.doubleValue()));
    }
}
