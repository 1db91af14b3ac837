package io.cairn.conformance;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpMethod;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every exchange an SDK client has with the server as it was on the wire: the operation, the request body
 * length, the response status, body length and request id. Tests compare the server's meters and logs with it.
 */
final class WireRecorder implements ExecutionInterceptor {
    /** One request and its response; {@code bytesOut} is what the response body carried (0 for HEAD). */
    record Call(String operation, String method, long bytesIn, int status, long bytesOut, String requestId) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        var request = context.httpRequest();
        var response = context.httpResponse();
        long in = request.firstMatchingHeader("Content-Length").map(Long::parseLong).orElse(0L);
        long out = request.method() == SdkHttpMethod.HEAD ? 0
                : response.firstMatchingHeader("Content-Length").map(Long::parseLong).orElse(0L);
        calls.add(new Call(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), request.method().name(),
                in, response.statusCode(), out, response.firstMatchingHeader("x-amz-request-id").orElse(null)));
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    void clear() {
        calls.clear();
    }
}
