package io.cairn.conformance;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Keeps the raw body of the last response of the client it is installed on, for what the SDK's model hides
 * (the interleaving of Version and DeleteMarker entries, URL-encoded keys before the SDK decodes them).
 * Install only on clients that make small control requests.
 */
final class RawXml implements ExecutionInterceptor {
    private volatile String last;

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                   ExecutionAttributes executionAttributes) {
        Optional<InputStream> body = context.responseBody();
        if (body.isEmpty()) {
            last = "";
            return body;
        }
        try (InputStream in = body.get()) {
            byte[] bytes = in.readAllBytes();
            last = new String(bytes, StandardCharsets.UTF_8);
            return Optional.of(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String last() {
        return last;
    }
}
