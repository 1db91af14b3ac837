package io.cairn.bench.http;

import io.netty.handler.codec.http.HttpHeaders;

import java.nio.charset.StandardCharsets;

/**
 * One HTTP response as the generator needs it: status, headers, how many body bytes arrived, and the body
 * itself only when the request asked to keep it (listings, upload ids) or the status is an error (its S3 code).
 */
public record Response(int status, HttpHeaders headers, long bodyBytes, byte[] body) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public String header(String name) {
        return headers.get(name);
    }

    /** The kept body as text; empty when none was kept. */
    public String bodyText() {
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }
}
