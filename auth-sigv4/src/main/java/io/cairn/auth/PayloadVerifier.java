package io.cairn.auth;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a request body as it streams in: decodes aws-chunked framing, checks every chunk signature and
 * the trailer, checks the signed SHA-256, Content-MD5 and flexible checksums, and always computes the MD5
 * (S3's ETag). Holds no more than one chunk header of the body at a time.
 * <p>
 * Content reaches the sink before the checks that cover it can complete (a chunk's signature is known only
 * at its end, the SHA-256 and checksums only at the end of the body), so nothing the sink wrote may be made
 * visible until {@link #finish()} returns. Not thread-safe; one instance per request body. After any
 * {@link AuthException} the instance keeps failing with it.
 */
public final class PayloadVerifier {
    private static final String CHECKSUM_PREFIX = "x-amz-checksum-";

    private final PayloadMode mode;
    private final long declaredLength;
    private final MessageDigest md5 = Crypto.md5();
    /** Only when the client signed a SHA-256 of the whole body. */
    private final MessageDigest sha256;
    private final String expectedSha256;
    private final byte[] expectedMd5;
    private final ChecksumAlgorithm checksumAlgorithm;
    private final Checksummer checksum;
    /** The checksum from its header; null when it comes in a trailer or is only to be computed. */
    private final byte[] expectedChecksum;
    private final boolean checksumInTrailer;
    /** Null unless the body is aws-chunked. */
    private final AwsChunkedDecoder decoder;

    private long length;
    private AuthException failure;
    private boolean finished;

    private PayloadVerifier(AuthContext auth, long declaredLength, byte[] expectedMd5, ChecksumRequest checksum,
                            boolean trailerDeclared) {
        this.mode = auth.payloadMode();
        this.declaredLength = declaredLength;
        this.expectedMd5 = expectedMd5;
        boolean signedBody = mode == PayloadMode.SIGNED && auth.contentSha256() != null;
        this.sha256 = signedBody ? Crypto.sha256() : null;
        this.expectedSha256 = signedBody ? auth.contentSha256().toLowerCase(Locale.ROOT) : null;
        this.checksumAlgorithm = checksum == null ? null : checksum.algorithm;
        this.checksum = checksum == null ? null : Checksummer.of(checksum.algorithm);
        this.expectedChecksum = checksum == null ? null : checksum.headerValue;
        this.checksumInTrailer = checksum != null && checksum.inTrailer;
        if (mode.chunked()) {
            ChunkSignatureChain chain = mode == PayloadMode.STREAMING_UNSIGNED_TRAILER ? null
                    : new ChunkSignatureChain(auth.signingKey(), auth.amzDate(), auth.scope(), auth.seedSignature());
            boolean trailersAllowed = mode != PayloadMode.STREAMING_SIGNED || trailerDeclared;
            this.decoder = new AwsChunkedDecoder(mode, chain, trailersAllowed, declaredLength);
        } else {
            this.decoder = null;
        }
    }

    /**
     * Prepares to read the body of an authenticated request. Validates up front: Content-MD5 syntax
     * (InvalidDigest), x-amz-checksum-* headers, x-amz-sdk-checksum-algorithm and x-amz-trailer declarations
     * (InvalidRequest / InvalidArgument), x-amz-decoded-content-length presence for aws-chunked
     * (MissingContentLength is the server's to check, not this class's).
     */
    public static PayloadVerifier forRequest(AuthContext auth, SignableRequest request) throws AuthException {
        PayloadMode mode = auth.payloadMode();
        if (mode.chunked() && mode != PayloadMode.STREAMING_UNSIGNED_TRAILER
                && (auth.signingKey() == null || auth.seedSignature() == null || auth.amzDate() == null
                || auth.scope() == null)) {
            throw new AuthException(AuthError.INVALID_REQUEST,
                    "Signed aws-chunked payloads require SigV4 authentication.");
        }
        long declared = mode.chunked()
                ? length(request.header("x-amz-decoded-content-length"), "x-amz-decoded-content-length")
                : length(request.header("content-length"), "Content-Length");
        byte[] md5 = contentMd5(request.header("content-md5"));
        String trailer = request.header("x-amz-trailer");
        boolean trailerDeclared = trailer != null && !trailer.isBlank();
        if (trailerDeclared && !mode.chunked()) {
            throw new AuthException(AuthError.INVALID_REQUEST,
                    "x-amz-trailer requires an aws-chunked body (a STREAMING-* x-amz-content-sha256).");
        }
        ChecksumRequest checksum = ChecksumRequest.of(request, trailerDeclared ? trailer : null);
        return new PayloadVerifier(auth, declared, md5, checksum, trailerDeclared);
    }

    /** The decoded content length when the request declared it (x-amz-decoded-content-length or Content-Length), else -1. */
    public long declaredLength() {
        return declaredLength;
    }

    /**
     * Feeds the next bytes of the body as received on the wire. Decoded content goes to {@code sink}, possibly
     * as slices of {@code wire}, valid only during the call. {@code wire}'s position is advanced to its limit.
     */
    public void update(ByteBuffer wire, Consumer<ByteBuffer> sink) throws AuthException {
        checkUsable();
        try {
            if (decoder == null) {
                if (declaredLength >= 0 && wire.remaining() > declaredLength - length) {
                    throw new AuthException(AuthError.INCOMPLETE_BODY,
                            "The request body is longer than its Content-Length.");
                }
                ByteBuffer content = wire.slice();
                wire.position(wire.limit());
                consume(content, sink);
            } else {
                ByteBuffer content;
                while ((content = decoder.next(wire)) != null) {
                    consume(content, sink);
                }
            }
        } catch (AuthException e) {
            failure = e;
            throw e;
        }
    }

    /**
     * The body has ended. Checks that framing is complete (IncompleteBody), the final chunk and trailer
     * signatures, the decoded length, the SHA-256 (XAmzContentSHA256Mismatch), Content-MD5 (BadDigest) and
     * the checksums (BadDigest).
     */
    public PayloadResult finish() throws AuthException {
        checkUsable();
        finished = true;
        try {
            return verify();
        } catch (AuthException e) {
            failure = e;
            throw e;
        }
    }

    private PayloadResult verify() throws AuthException {
        if (decoder != null) {
            decoder.endOfInput();
        }
        if (declaredLength >= 0 && length != declaredLength) {
            throw new AuthException(AuthError.INCOMPLETE_BODY, "You did not provide the number of bytes specified "
                    + "by the " + (decoder != null ? "x-amz-decoded-content-length" : "Content-Length")
                    + " HTTP header.");
        }
        if (sha256 != null && !Crypto.hex(sha256.digest()).equals(expectedSha256)) {
            throw new AuthException(AuthError.CONTENT_SHA256_MISMATCH,
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        byte[] md5Value = md5.digest();
        if (expectedMd5 != null && !MessageDigest.isEqual(expectedMd5, md5Value)) {
            throw new AuthException(AuthError.BAD_DIGEST,
                    "The Content-MD5 you specified did not match what we received.");
        }
        checkTrailerNames();
        Map<ChecksumAlgorithm, String> checksums = Map.of();
        if (checksum != null) {
            byte[] computed = checksum.value();
            byte[] expected = checksumInTrailer ? trailerChecksum() : expectedChecksum;
            if (expected != null && !MessageDigest.isEqual(expected, computed)) {
                throw new AuthException(AuthError.BAD_DIGEST, "The " + checksumAlgorithm.name()
                        + " you specified did not match the calculated checksum.");
            }
            checksums = Map.of(checksumAlgorithm, Base64.getEncoder().encodeToString(computed));
        }
        return new PayloadResult(length, md5Value, checksums);
    }

    private void consume(ByteBuffer content, Consumer<ByteBuffer> sink) {
        int position = content.position();
        md5.update(content);
        content.position(position);
        if (sha256 != null) {
            sha256.update(content);
            content.position(position);
        }
        if (checksum != null) {
            checksum.update(content);
            content.position(position);
        }
        length += content.remaining();
        sink.accept(content);
    }

    /** A checksum trailer the request did not declare cannot have been computed, so it cannot be trusted. */
    private void checkTrailerNames() throws AuthException {
        if (decoder == null) {
            return;
        }
        for (String name : decoder.trailerNames()) {
            if (name.startsWith(CHECKSUM_PREFIX) && ChecksumAlgorithm.fromHeaderName(name) != null
                    && !(checksumInTrailer && name.equals(checksumAlgorithm.headerName()))) {
                throw new AuthException(AuthError.MALFORMED_TRAILER,
                        "The trailing header " + name + " was not declared in x-amz-trailer.");
            }
        }
    }

    private byte[] trailerChecksum() throws AuthException {
        String value = decoder.trailer(checksumAlgorithm.headerName());
        if (value == null) {
            throw new AuthException(AuthError.MALFORMED_TRAILER,
                    "The request did not send the declared trailing header " + checksumAlgorithm.headerName() + ".");
        }
        byte[] raw = Checksums.decode(checksumAlgorithm, value);
        if (raw == null) {
            throw new AuthException(AuthError.INVALID_REQUEST,
                    "Value for " + checksumAlgorithm.headerName() + " trailing header is invalid.");
        }
        return raw;
    }

    private void checkUsable() throws AuthException {
        if (failure != null) {
            throw failure;
        }
        if (finished) {
            throw new IllegalStateException("finish() was already called");
        }
    }

    private static long length(String value, String header) throws AuthException {
        if (value == null) {
            return -1;
        }
        try {
            long length = Long.parseLong(value.strip());
            if (length >= 0) {
                return length;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new AuthException(AuthError.INVALID_ARGUMENT, "Invalid " + header + ": " + value);
    }

    private static byte[] contentMd5(String value) throws AuthException {
        if (value == null) {
            return null;
        }
        try {
            byte[] md5 = Base64.getDecoder().decode(value.strip());
            if (md5.length == 16) {
                return md5;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new AuthException(AuthError.INVALID_DIGEST, "The Content-MD5 you specified was invalid.");
    }

    /**
     * The one flexible checksum a request asks for: a value in an x-amz-checksum-* header, one promised in a
     * trailer, or only an algorithm (x-amz-sdk-checksum-algorithm) for S3 to compute and store.
     */
    private record ChecksumRequest(ChecksumAlgorithm algorithm, byte[] headerValue, boolean inTrailer) {

        static ChecksumRequest of(SignableRequest request, String trailer) throws AuthException {
            ChecksumAlgorithm chosen = null;
            byte[] headerValue = null;
            boolean inTrailer = false;
            for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
                String value = request.header(algorithm.headerName());
                if (value == null) {
                    continue;
                }
                if (chosen != null) {
                    throw multiple();
                }
                headerValue = Checksums.decode(algorithm, value);
                if (headerValue == null) {
                    throw new AuthException(AuthError.INVALID_REQUEST,
                            "Value for " + algorithm.headerName() + " header is invalid.");
                }
                chosen = algorithm;
            }
            if (trailer != null) {
                for (String name : trailer.split(",")) {
                    String trimmed = name.strip().toLowerCase(Locale.ROOT);
                    if (trimmed.isEmpty()) {
                        continue;
                    }
                    ChecksumAlgorithm algorithm = ChecksumAlgorithm.fromHeaderName(trimmed);
                    if (algorithm == null) {
                        throw new AuthException(AuthError.INVALID_REQUEST,
                                "The value specified in the x-amz-trailer header is not supported");
                    }
                    if (chosen != null) {
                        throw multiple();
                    }
                    chosen = algorithm;
                    inTrailer = true;
                }
            }
            String sdkAlgorithm = request.header("x-amz-sdk-checksum-algorithm");
            if (sdkAlgorithm != null) {
                ChecksumAlgorithm algorithm = ChecksumAlgorithm.fromName(sdkAlgorithm);
                if (algorithm == null || (chosen != null && chosen != algorithm)) {
                    throw new AuthException(AuthError.INVALID_REQUEST,
                            "Value for x-amz-sdk-checksum-algorithm header is invalid.");
                }
                chosen = algorithm;
            }
            return chosen == null ? null : new ChecksumRequest(chosen, headerValue, inTrailer);
        }

        private static AuthException multiple() {
            return new AuthException(AuthError.INVALID_REQUEST,
                    "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
        }
    }
}
