package io.exmy;

import io.exmy.cli.BuiltInRunKinds;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registers the built-in run kinds before every test class, as {@code io.exmy.cli.Main} does when
 * the command line starts: tests that expand or run grids of {@code qerror}, {@code train} or
 * {@code ptq} without going through the command line find them (the sweep package cannot name
 * them itself). Applied to every test class by autodetection (tests/resources).
 */
public final class BuiltInRunKindsExtension implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        BuiltInRunKinds.registerAll();
    }
}
