package io.exmy.sweep;

/** A run configuration setting that a run kind rejects; {@link #key()} names it so a grid error can point at its line. */
public class ConfigException extends IllegalArgumentException {
    private final String key;

    public ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The offending setting, or null if the problem is not one setting's. */
    public String key() {
        return key;
    }
}
