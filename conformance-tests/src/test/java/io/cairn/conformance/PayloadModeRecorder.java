package io.cairn.conformance;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the signed requests an SDK client actually puts on the wire, so a test can tell which mode ran. */
final class PayloadModeRecorder implements ExecutionInterceptor {
    private final List<SdkHttpRequest> requests = new CopyOnWriteArrayList<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        requests.add(context.httpRequest());
    }

    void clear() {
        requests.clear();
    }

    SdkHttpRequest last() {
        return requests.getLast();
    }

    /** The x-amz-content-sha256 of the last request: the payload mode it was signed with. */
    String lastContentSha256() {
        return last().firstMatchingHeader("x-amz-content-sha256").orElse(null);
    }

    String lastHeader(String name) {
        return last().firstMatchingHeader(name).orElse(null);
    }
}
