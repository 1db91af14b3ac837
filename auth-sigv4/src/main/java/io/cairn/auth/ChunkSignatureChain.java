package io.cairn.auth;

import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;

/**
 * The chain of aws-chunked signatures: each chunk's signature covers the previous one, starting from the
 * request's seed signature, and the trailer's signature covers the final chunk's.
 */
final class ChunkSignatureChain {
    private static final byte[] EMPTY_HASH_LINE = ("\n" + Crypto.EMPTY_SHA256_HEX + "\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEWLINE = {'\n'};

    private final Mac mac;
    /** "AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate + "\n" + scope + "\n": the same for every chunk. */
    private final byte[] chunkPrefix;
    private final byte[] trailerPrefix;
    private byte[] previous;

    ChunkSignatureChain(byte[] signingKey, String amzDate, String scope, String seedSignature) {
        this.mac = Crypto.hmacSha256(signingKey);
        String dateAndScope = "\n" + amzDate + "\n" + scope + "\n";
        this.chunkPrefix = ("AWS4-HMAC-SHA256-PAYLOAD" + dateAndScope).getBytes(StandardCharsets.US_ASCII);
        this.trailerPrefix = ("AWS4-HMAC-SHA256-TRAILER" + dateAndScope).getBytes(StandardCharsets.US_ASCII);
        this.previous = seedSignature.getBytes(StandardCharsets.US_ASCII);
    }

    /** Checks a chunk's signature given the SHA-256 of its data; it then becomes the previous signature. */
    void verifyChunk(byte[] dataSha256, String received) throws AuthException {
        mac.update(chunkPrefix);
        mac.update(previous);
        mac.update(EMPTY_HASH_LINE);
        mac.update(Crypto.hexAscii(dataSha256));
        previous = check(Crypto.hexAscii(mac.doFinal()), received);
    }

    /** Checks the trailer's signature given the SHA-256 of the canonical trailer ({@code name:value\n} each). */
    void verifyTrailer(byte[] canonicalTrailerSha256, String received) throws AuthException {
        mac.update(trailerPrefix);
        mac.update(previous);
        mac.update(NEWLINE);
        mac.update(Crypto.hexAscii(canonicalTrailerSha256));
        previous = check(Crypto.hexAscii(mac.doFinal()), received);
    }

    private static byte[] check(byte[] expected, String received) throws AuthException {
        if (!Crypto.sameSignature(expected, received)) {
            throw SigV4Verifier.signatureMismatch();
        }
        return expected;
    }
}
