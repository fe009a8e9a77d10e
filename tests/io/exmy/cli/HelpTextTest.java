package io.exmy.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Picocli passes every help text through {@code String.format}: a bare {@code %} ("85% of copy")
 * makes every {@code --help} print a warning to standard error and show the raw text. This renders
 * the help of every command and fails on any warning.
 */
class HelpTextTest {
    @Test
    void everyCommandsHelpRendersWithoutWarnings() {
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        List<String> commands = new ArrayList<>();
        PrintStream err = System.err;
        try {
            System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
            render(Main.commandLine(), commands);
        } finally {
            System.setErr(err);
        }
        assertTrue(commands.size() > 20, "rendered only " + commands);
        assertEquals("", warnings.toString(StandardCharsets.UTF_8));
    }

    private static void render(CommandLine cl, List<String> commands) {
        commands.add(cl.getCommandSpec().qualifiedName());
        cl.usage(new PrintStream(OutputStream.nullOutputStream()));
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().parent() == cl.getCommandSpec()) { // an alias maps to the same command
                render(sub, commands);
            }
        }
    }
}
