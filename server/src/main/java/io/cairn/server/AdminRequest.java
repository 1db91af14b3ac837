package io.cairn.server;

/**
 * One call of the admin API, before signing.
 *
 * @param path  under {@code /_cairn/admin/}, as sent (admin paths need no encoding)
 * @param query raw query string, "" for none
 * @param body  JSON, or null for none
 */
record AdminRequest(String method, String path, String query, byte[] body) {
    AdminRequest(String method, String path) {
        this(method, path, "", null);
    }
}
