package io.exmy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.exmy.cli.common.Range;
import io.exmy.cli.common.WritesFiles;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every command must do to pass through the shared checks ({@link CheckedExecution}): a path it
 * reads or writes is declared ({@link WritesFiles}), so the clobbering guard sees it, and a number it
 * takes has a {@link Range}, so it is checked before any work. New commands are held to both here.
 */
class CommandContractsTest {
    /**
     * Flags that are training settings: TrainKind.normalize checks them, with every other setting of a
     * train run (from the flags, --config and --set alike), before any work; a second set of bounds here
     * would be a copy that could drift.
     */
    private static final Set<String> SETTINGS_CHECKED_BY_THE_RUN_KIND = Set.of(
            "train --layers", "train --width", "train --heads", "train --context", "train --tokens",
            "train --batch-size", "train --lr", "train --seed", "train --block");

    @Test
    void everyPathOptionIsDeclaredToTheFileGuard() {
        List<String> missing = new ArrayList<>();
        forEachArg((cmd, owner, arg, field) -> {
            if (elementType(field) == Path.class && !(owner.userObject() instanceof WritesFiles)) {
                missing.add(cmd + " " + OptionRanges.name(arg) + " (" + owner.userObject().getClass().getSimpleName() + ")");
            }
        });
        assertEquals(List.of(), missing, "path options whose class does not implement WritesFiles");
    }

    @Test
    void everyNumericOptionHasARange() {
        List<String> missing = new ArrayList<>();
        List<String> needless = new ArrayList<>();
        forEachArg((cmd, owner, arg, field) -> {
            Class<?> t = elementType(field);
            boolean numeric = t == int.class || t == long.class || t == double.class || t == float.class
                    || Number.class.isAssignableFrom(t);
            String name = cmd + " " + OptionRanges.name(arg);
            boolean ranged = field.getAnnotation(Range.class) != null;
            if (numeric && !ranged && !SETTINGS_CHECKED_BY_THE_RUN_KIND.contains(name)) {
                missing.add(name);
            }
            if (ranged && !numeric) {
                needless.add(name);
            }
        });
        assertEquals(List.of(), missing, "numeric options without @Range");
        assertEquals(List.of(), needless, "@Range on options that are not numbers");
    }

    @Test
    void theTrainSettingsLeftToTheRunKindAreRefusedBeforeAnyWork() {
        CastCommandTest.Run r = CastCommandTest.exmy("train", "--layers", "0", "--store", "unused-store");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("layers") && r.err().lines().count() == 1, r.err());
        assertTrue(!java.nio.file.Files.exists(Path.of("unused-store")), "refused before the store was made");
    }

    interface ArgVisitor {
        void visit(String command, CommandSpec owner, ArgSpec arg, Field field);
    }

    /** Every option and parameter of every command, with the spec (command or mixin) whose field holds it. */
    static void forEachArg(ArgVisitor v) {
        visit(Main.commandLine(), v);
    }

    private static void visit(CommandLine cl, ArgVisitor v) {
        CommandSpec spec = cl.getCommandSpec();
        String name = ErrorHandler.commandPath(cl);
        visitSpec(name, spec, v);
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().parent() == spec) {
                visit(sub, v);
            }
        }
    }

    private static void visitSpec(String name, CommandSpec spec, ArgVisitor v) {
        Map<String, CommandSpec> mixins = spec.mixins();
        for (ArgSpec arg : spec.args()) {
            if (!(arg.userObject() instanceof Field f)) {
                continue;
            }
            CommandSpec owner = spec;
            for (CommandSpec m : mixins.values()) {
                if (f.getDeclaringClass().isInstance(m.userObject())) {
                    owner = m;
                }
            }
            v.visit(name, owner, arg, f);
        }
    }

    /** The field's type, or its element type for a list. */
    static Class<?> elementType(Field f) {
        if (List.class.isAssignableFrom(f.getType())) {
            Type t = f.getGenericType();
            if (t instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> c) {
                return c;
            }
        }
        return f.getType();
    }
}
