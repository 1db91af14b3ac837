package io.cairn.server.config;

/** Configuration the server cannot start with; the message is one line naming the setting and where it came from. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
