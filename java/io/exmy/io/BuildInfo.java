package io.exmy.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Commit and build time of this build, recorded by native-build/build.sh, for result records. */
public final class BuildInfo {
    private static final Properties PROPS = load();

    private BuildInfo() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/io/exmy/build-info.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // provenance is best effort: records then say "unknown"
        }
        return p;
    }

    /** Short commit hash, "+dirty" when built from uncommitted changes, or "unknown". */
    public static String commit() {
        return PROPS.getProperty("commit", "unknown");
    }

    public static String built() {
        return PROPS.getProperty("built", "unknown");
    }
}
