package io.exmy.cli;

import io.exmy.block.BlockSchemes;
import io.exmy.block.ScaleRule;
import io.exmy.format.Format;
import io.exmy.format.Rounding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The lists that help texts show — format presets, block-scheme presets, scale rules, roundings —
 * taken from the registries that parse them, so that a new preset appears in every --help without
 * editing it. Published as system properties that descriptions name as {@code ${sys:exmy.help.X}}
 * (picocli fills them in when it renders the help).
 */
final class HelpLists {
    static final String FORMATS = "exmy.help.formats";
    static final String SCHEMES = "exmy.help.schemes";
    static final String RULES = "exmy.help.rules";
    static final String ROUNDINGS = "exmy.help.roundings";

    private HelpLists() {
    }

    static void publish() {
        List<String> formats = new ArrayList<>();
        Format.presets().forEach(f -> formats.add(f.name()));
        System.setProperty(FORMATS, String.join(", ", formats));
        System.setProperty(SCHEMES, String.join(", ", BlockSchemes.presetNames()));
        System.setProperty(RULES, String.join(", ", Arrays.stream(ScaleRule.values()).map(r -> r.label).toList()));
        System.setProperty(ROUNDINGS, String.join(", ", Arrays.stream(Rounding.values()).map(r -> r.label).toList()));
    }
}
