package io.cairn.tiering.remote;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

class S3FailuresTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private static S3Exception service(int status, String code, String message) {
        return (S3Exception) S3Exception.builder().statusCode(status).requestId("REQ1")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                .message(message).build();
    }

    @Test
    void credentialErrorsAreFinalAndSayWhatToCheck() {
        for (String code : new String[] {"InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied"}) {
            TierException e = S3Failures.map("tier COLD: PutObject k", service(403, code, "denied"), SECRET);
            assertThat(e.retryable()).as(code).isFalse();
            assertThat(e.getMessage()).startsWith("tier COLD: PutObject k: 403 " + code + ": denied")
                    .contains("check the tier's access key and secret key").contains("request id REQ1");
            assertThat(e.getCause()).isNull();
        }
        TierException missing = S3Failures.map("x", service(404, "NoSuchBucket", "gone"), SECRET);
        assertThat(missing.retryable()).isFalse();
        assertThat(missing.getMessage()).contains("bucket does not exist");
        assertThat(S3Failures.map("x", service(404, "NoSuchKey", "no key"), SECRET).retryable()).isFalse();
        assertThat(S3Failures.map("x", service(400, "AuthorizationHeaderMalformed", "region"), SECRET).getMessage())
                .contains("check the tier's region");
    }

    @Test
    void serverTroubleAndThrottlingAreTransient() {
        assertThat(S3Failures.map("x", service(500, "InternalError", "oops"), SECRET).retryable()).isTrue();
        assertThat(S3Failures.map("x", service(503, "SlowDown", "slow"), SECRET).retryable()).isTrue();
        assertThat(S3Failures.map("x", service(429, "TooManyRequests", "slow"), SECRET).retryable()).isTrue();
        assertThat(S3Failures.map("x", service(400, "RequestTimeout", "idle"), SECRET).retryable()).isTrue();
        assertThat(S3Failures.map("x", service(400, "InvalidArgument", "bad"), SECRET).retryable()).isFalse();
    }

    @Test
    void connectionFailuresAreTransient() {
        SdkClientException refused = SdkClientException.builder().message("Unable to execute HTTP request")
                .cause(new ConnectException("Connection refused")).build();
        TierException e = S3Failures.map("tier COLD: HeadObject k", refused, SECRET);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).isEqualTo("tier COLD: HeadObject k: remote unreachable: ConnectException: "
                + "Connection refused");
    }

    @Test
    void theSecretNeverSurvivesIntoAMessage() {
        TierException e = S3Failures.map("x", service(403, "SignatureDoesNotMatch", "key " + SECRET + " wrong"),
                SECRET);
        assertThat(e.getMessage()).doesNotContain(SECRET).contains("key *** wrong");
        TierException local = S3Failures.map("x", new IllegalStateException("bad " + SECRET), SECRET);
        assertThat(local.retryable()).isFalse();
        assertThat(local.getMessage()).doesNotContain(SECRET);
        assertThat(local.getCause()).isNull();
    }
}
