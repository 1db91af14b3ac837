package io.cairn.tiering.remote;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;

/** Maps Azure SDK failures to {@link TierException}, as {@link S3Failures} does for S3. */
final class AzureFailures {
    private static final HttpHeaderName ERROR_CODE = HttpHeaderName.fromString("x-ms-error-code");
    private static final HttpHeaderName REQUEST_ID = HttpHeaderName.fromString("x-ms-request-id");

    private AzureFailures() {
    }

    /**
     * @param what   the operation and target ("tier ARCHIVE: Put Blob x/y")
     * @param secret the tier's account key, scrubbed from the message
     */
    static TierException map(String what, Throwable e, String secret) {
        if (e instanceof HttpResponseException h && h.getResponse() != null) {
            int status = h.getResponse().getStatusCode();
            String code = h instanceof BlobStorageException b && b.getErrorCode() != null
                    ? b.getErrorCode().toString() : h.getResponse().getHeaderValue(ERROR_CODE);
            boolean retryable = Failures.isTransientStatus(status)
                    || BlobErrorCode.SERVER_BUSY.toString().equals(code)
                    || BlobErrorCode.OPERATION_TIMED_OUT.toString().equals(code);
            // Azure's own message repeats the whole error document (string to sign included) over several lines:
            // status and code say what an administrator needs.
            String m = what + ": " + status + (code == null ? "" : " " + code) + hint(status, code);
            String requestId = h.getResponse().getHeaderValue(REQUEST_ID);
            if (requestId != null) {
                m += " (request id " + requestId + ")";
            }
            return new TierException(Failures.scrub(m, secret), retryable, null);
        }
        if (Failures.isTransport(e)) {
            return new TierException(Failures.scrub(what + ": remote unreachable: " + Failures.rootCause(e), secret),
                    true, e);
        }
        return new TierException(Failures.scrub(what + ": " + Failures.rootCause(e), secret), false, null);
    }

    private static String hint(int status, String code) {
        if (status == 401 || status == 403 || (code != null && code.startsWith("Authentication"))) {
            return " - check the tier's account and account key, and that they may use the container";
        }
        if (BlobErrorCode.CONTAINER_NOT_FOUND.toString().equals(code)) {
            return " - the tier's container does not exist";
        }
        return "";
    }
}
