package io.cairn.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.bench.http.Response;
import io.netty.handler.codec.http.DefaultHttpHeaders;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ErrorKeysTest {

    @Test
    void statusAndS3Code() {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>"
                + "<Message>The specified key does not exist.</Message></Error>").getBytes(StandardCharsets.UTF_8);

        assertThat(ErrorKeys.of(new Response(404, new DefaultHttpHeaders(), body.length, body)))
                .isEqualTo("404 NoSuchKey");
    }

    @Test
    void statusAloneWhenThereIsNoBody() {
        assertThat(ErrorKeys.of(new Response(404, new DefaultHttpHeaders(), 0, null))).isEqualTo("404");
        assertThat(ErrorKeys.of(new Response(502, new DefaultHttpHeaders(), 5, "oops!".getBytes())))
                .isEqualTo("502");
    }

    @Test
    void transportFailuresByTypeAndMessage() {
        assertThat(ErrorKeys.of(new CompletionException(new ConnectException("Connection refused"))))
                .isEqualTo("ConnectException: Connection refused");
        assertThat(ErrorKeys.of(new IOException())).isEqualTo("IOException");
        assertThat(ErrorKeys.of(new IOException("x".repeat(500)))).hasSizeLessThan(110).endsWith("...");
    }
}
