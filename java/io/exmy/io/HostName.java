package io.exmy.io;

import java.net.InetAddress;

/** This machine's name, for records, failure notes and lock holders. */
public final class HostName {
    private HostName() {
    }

    public static String get() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) {
            return h;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
