package io.cairn.tiering.remote;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.storage.blob.models.BlobStorageException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;

import static org.assertj.core.api.Assertions.assertThat;

class AzureFailuresTest {
    private static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static BlobStorageException service(int status, String code) {
        HttpHeaders headers = new HttpHeaders().set(HttpHeaderName.fromString("x-ms-error-code"), code)
                .set(HttpHeaderName.fromString("x-ms-request-id"), "RID");
        HttpResponse response = new HttpResponse(new HttpRequest(HttpMethod.PUT, "http://127.0.0.1/a/c/b")) {
            @Override
            public int getStatusCode() {
                return status;
            }

            @Override
            @SuppressWarnings("deprecation")
            public String getHeaderValue(String name) {
                return headers.getValue(HttpHeaderName.fromString(name));
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }

            @Override
            public Flux<ByteBuffer> getBody() {
                return Flux.empty();
            }

            @Override
            public Mono<byte[]> getBodyAsByteArray() {
                return Mono.empty();
            }

            @Override
            public Mono<String> getBodyAsString() {
                return Mono.empty();
            }

            @Override
            public Mono<String> getBodyAsString(Charset charset) {
                return Mono.empty();
            }
        };
        return new BlobStorageException("Status code " + status + ", signed with " + KEY, response, null);
    }

    @Test
    void authenticationFailuresAreFinalAndNeverQuoteTheKey() {
        TierException e = AzureFailures.map("tier ARCHIVE: Put Blob b", service(403, "AuthenticationFailed"), KEY);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).isEqualTo("tier ARCHIVE: Put Blob b: 403 AuthenticationFailed - check the "
                + "tier's account and account key, and that they may use the container (request id RID)");
        assertThat(e.getCause()).isNull();
        TierException missing = AzureFailures.map("x", service(404, "ContainerNotFound"), KEY);
        assertThat(missing.retryable()).isFalse();
        assertThat(missing.getMessage()).contains("container does not exist");
    }

    @Test
    void busyAndServerErrorsAreTransient() {
        assertThat(AzureFailures.map("x", service(503, "ServerBusy"), KEY).retryable()).isTrue();
        assertThat(AzureFailures.map("x", service(500, "InternalError"), KEY).retryable()).isTrue();
        assertThat(AzureFailures.map("x", service(500, "OperationTimedOut"), KEY).retryable()).isTrue();
        assertThat(AzureFailures.map("x", service(409, "BlobAlreadyExists"), KEY).retryable()).isFalse();
    }

    @Test
    void connectionFailuresAreTransient() {
        RuntimeException wrapped = new RuntimeException(new UncheckedIOException(new ConnectException()));
        TierException e = AzureFailures.map("tier ARCHIVE: Get Blob b", wrapped, KEY);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).isEqualTo("tier ARCHIVE: Get Blob b: remote unreachable: ConnectException");
    }
}
