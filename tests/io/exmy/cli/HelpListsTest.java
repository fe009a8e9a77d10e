package io.exmy.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.block.BlockSchemes;
import io.exmy.block.ScaleRule;
import io.exmy.format.Format;
import io.exmy.format.Rounding;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every help text that lists presets lists every preset the registries hold (the lists are generated). */
class HelpListsTest {
    private static String help(String... path) {
        CommandLine cl = Main.commandLine();
        for (String p : path) {
            cl = cl.getSubcommands().get(p);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cl.usage(new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ");
    }

    private static void listsAll(String help, List<String> names, String what) {
        for (String n : names) {
            assertTrue(help.contains(n), what + " " + n + " is missing from: " + help);
        }
    }

    @Test
    void castQuantizeAndMatmulHelpListEveryPreset() {
        List<String> formats = new ArrayList<>();
        Format.presets().forEach(f -> formats.add(f.name()));
        List<String> rules = java.util.Arrays.stream(ScaleRule.values()).map(r -> r.label).toList();
        List<String> roundings = java.util.Arrays.stream(Rounding.values()).map(r -> r.label).toList();
        String cast = help("cast");
        listsAll(cast, formats, "format");
        listsAll(cast, roundings, "rounding");
        for (String[] cmd : new String[][] {{"quantize"}, {"dequantize"}, {"matmul"}}) {
            String h = help(cmd);
            listsAll(h, BlockSchemes.presetNames(), String.join(" ", cmd) + ": block preset");
            listsAll(h, rules, String.join(" ", cmd) + ": scale rule");
            listsAll(h, roundings, String.join(" ", cmd) + ": rounding");
        }
        assertTrue(!cast.contains("${sys:"), "every list is filled in: " + cast);
    }
}
