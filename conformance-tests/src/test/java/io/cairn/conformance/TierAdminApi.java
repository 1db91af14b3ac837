package io.cairn.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The tier admin API of a test server, called with the root signature as the CLI does. */
final class TierAdminApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;

    TierAdminApi(int port) {
        this.port = port;
    }

    RawHttp.Response define(Map<String, String> definition) {
        return define(definition, false);
    }

    RawHttp.Response define(Map<String, String> definition, boolean replace) {
        try {
            return define(JSON.writeValueAsBytes(definition), replace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RawHttp.Response define(byte[] body, boolean replace) {
        RawRequest r = RawRequest.of(port, "POST", "/_cairn/admin/tiers")
                .header("Content-Type", "application/json").body(body);
        if (replace) {
            r.query("replace", "true");
        }
        return r.send();
    }

    RawHttp.Response list() {
        return RawRequest.of(port, "GET", "/_cairn/admin/tiers").send();
    }

    RawHttp.Response remove(String name) {
        return RawRequest.of(port, "DELETE", "/_cairn/admin/tiers/" + name).send();
    }

    RawHttp.Response verify(String name) {
        return RawRequest.of(port, "POST", "/_cairn/admin/tiers/" + name + "/verify").send();
    }

    static JsonNode json(RawHttp.Response r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.bodyText(), e);
        }
    }
}
