package io.exmy.cli;

import io.exmy.cli.common.CommandFiles;
import io.exmy.cli.common.TableOutputOptions;
import io.exmy.cli.common.WritesFiles;
import io.exmy.fit.Table;
import io.exmy.train.QuantTargets.Operand;
import io.exmy.train.Recipe;
import io.exmy.train.Recipes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "recipes", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The quantization recipes of exmy train (--quant NAME, grid key quant): for each, what it "
                + "quantizes — each GEMM operand's block scheme, Hadamard transforms, the keys and values —, the "
                + "switches that turn its techniques off, the settings it adds and the run settings it reads (format, "
                + "block, …; $NAME in a scheme). Given names or recipe files, only those (a file is checked as exmy "
                + "train --recipe-file would read it). The built-in recipes are the files of recipes/; the schema is "
                + "docs/TRAINING.md's \"Recipe files\"."},
        footer = {"", "Examples:", "  exmy recipes", "  exmy recipes te-nvfp4 kumar", "  exmy recipes my-nvfp4.yaml"})
final class RecipesCommand implements Callable<Integer>, WritesFiles {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "NAME|FILE", arity = "0..*",
            description = "built-in recipes or recipe files (default: every built-in one)")
    List<String> which = new ArrayList<>();

    @Mixin
    TableOutputOptions output;

    @Override
    public void declare(CommandFiles files) {
        for (String w : which) {
            if (isFile(w)) {
                files.reads("NAME|FILE", Path.of(w));
            }
        }
    }

    /** A recipe file rather than a name: a path that exists, or looks like a file name. */
    private static boolean isFile(String w) {
        return Files.exists(Path.of(w)) || w.endsWith(".yaml") || w.endsWith(".yml") || w.endsWith(".json");
    }

    @Override
    public Integer call() throws Exception {
        List<Recipe> recipes = new ArrayList<>();
        for (String w : which) {
            recipes.add(isFile(w) ? Recipes.file(Path.of(w)) : Recipes.named(w));
        }
        if (recipes.isEmpty()) {
            recipes.addAll(Recipes.builtIn().values());
        }
        try (TableOutputOptions o = output) {
            o.print(List.of(summary(recipes), operands(recipes), sources(recipes)), spec.commandLine().getOut());
            o.commit();
        }
        return 0;
    }

    static Table summary(List<Recipe> recipes) {
        Table t = new Table("recipes", "recipe", "what", "switches", "its settings", "reads");
        for (Recipe r : recipes) {
            t.add(r.name(), r.summary(), r.describeSwitches(), r.describeSettings(), String.join(", ", r.reads()));
        }
        return t;
    }

    static Table sources(List<Recipe> recipes) {
        Table t = new Table("where each recipe is written, and what it follows", "recipe", "file", "after");
        for (Recipe r : recipes) {
            t.add(r.name(), r.origin(), r.source());
        }
        return t;
    }

    static Table operands(List<Recipe> recipes) {
        List<String> head = new ArrayList<>(List.of("recipe"));
        for (Operand o : Operand.values()) {
            head.add(o.label);
        }
        head.add("kv");
        Table t = new Table("what each recipe quantizes (blocks along K unless as stored)",
                head.toArray(new String[0]));
        for (Recipe r : recipes) {
            List<Object> row = new ArrayList<>(List.of(r.name()));
            for (Operand o : Operand.values()) {
                row.add(r.describe(o));
            }
            row.add(r.describeKv());
            t.add(row.toArray());
        }
        return t;
    }
}
