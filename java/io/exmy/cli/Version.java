package io.exmy.cli;

import picocli.CommandLine;

/** Version string from the jar manifest, or "dev" when run from classes. */
public final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"exmy " + (v == null ? "dev" : v)};
    }
}
