package io.exmy.backend.host;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.exmy.backend.BackendUnavailableException;

/**
 * Loads exmy's native libraries: from the path in system property {@code exmy.native.<name>}
 * when set (the sanitizer builds), else from the class path, where the Maven build puts them
 * ({@code linux-x86-64/libexmy_<name>.so}).
 */
public final class NativeLibraries {
    private NativeLibraries() {
    }

    public static <T extends Library> T load(String name, Class<T> type) {
        String override = System.getProperty("exmy.native." + name);
        String lib = override != null ? override : "exmy_" + name;
        try {
            return Native.load(lib, type);
        } catch (UnsatisfiedLinkError e) {
            throw new BackendUnavailableException("cannot load " + (override != null ? override : "libexmy_" + name + ".so")
                    + " (" + firstLine(e.getMessage()) + "); it is built by `mvn package` (native-build/build.sh,"
                    + " needs g++ with C++20) into the classes directory", e);
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
