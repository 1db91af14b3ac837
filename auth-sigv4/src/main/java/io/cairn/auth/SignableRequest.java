package io.cairn.auth;

import java.util.List;
import java.util.Map;

/**
 * The parts of an HTTP request that a signature covers, independent of any HTTP library.
 *
 * @param method            HTTP method, upper case
 * @param rawPath           the request path exactly as sent (still percent-encoded), e.g. {@code /bucket/a%20b}
 * @param rawQuery          the query string exactly as sent, without {@code ?}; empty when none
 * @param headers           header names in lower case; values in the order received
 * @param virtualHostBucket the bucket taken from the Host header (virtual-hosted style), or null for path style;
 *                          SigV2 needs it to build its canonical resource
 */
public record SignableRequest(String method, String rawPath, String rawQuery,
                              Map<String, List<String>> headers, String virtualHostBucket) {

    /** First value of a header (name in lower case), or null. */
    public String header(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
