package io.cairn.tiering.remote;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.util.Set;

/** Maps AWS SDK failures to {@link TierException}: transient or not, with a message an administrator can act on. */
final class S3Failures {
    private static final Set<String> CREDENTIAL_CODES = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "AccessDenied", "InvalidToken", "ExpiredToken", "InvalidSignature");
    private static final Set<String> TRANSIENT_CODES = Set.of("RequestTimeout", "SlowDown", "Throttling",
            "ThrottlingException", "InternalError", "ServiceUnavailable");

    private S3Failures() {
    }

    /**
     * @param what   the operation and target ("tier COLD: PutObject x/y")
     * @param secret the tier's secret key, scrubbed from the message
     */
    static TierException map(String what, Throwable e, String secret) {
        if (e instanceof AwsServiceException s) {
            AwsErrorDetails d = s.awsErrorDetails();
            String code = d == null ? null : d.errorCode();
            String detail = d == null ? null : d.errorMessage();
            boolean retryable = Failures.isTransientStatus(s.statusCode()) || s.isThrottlingException()
                    || (code != null && TRANSIENT_CODES.contains(code));
            StringBuilder m = new StringBuilder(what).append(": ").append(s.statusCode());
            if (code != null) {
                m.append(' ').append(code);
            }
            if (detail != null && !detail.isBlank()) {
                m.append(": ").append(detail);
            }
            m.append(hint(s.statusCode(), code));
            if (s.requestId() != null) {
                m.append(" (request id ").append(s.requestId()).append(')');
            }
            // No cause: the service's text is all in the message, scrubbed; the exception would repeat it unscrubbed.
            return new TierException(Failures.scrub(m.toString(), secret), retryable, null);
        }
        if (Failures.isTransport(e)) {
            return new TierException(Failures.scrub(what + ": remote unreachable: " + Failures.rootCause(e), secret),
                    true, e);
        }
        return new TierException(Failures.scrub(what + ": " + Failures.rootCause(e), secret), false, null);
    }

    private static String hint(int status, String code) {
        if ((code != null && CREDENTIAL_CODES.contains(code)) || status == 401 || status == 403) {
            return " - check the tier's access key and secret key, and that they may use the bucket";
        }
        if ("NoSuchBucket".equals(code)) {
            return " - the tier's bucket does not exist on the remote";
        }
        if ("PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code) || status == 301) {
            return " - check the tier's region and endpoint";
        }
        return "";
    }
}
