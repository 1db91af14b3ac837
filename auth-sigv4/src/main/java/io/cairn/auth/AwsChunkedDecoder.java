package io.cairn.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decodes an aws-chunked body as it arrives, in buffers split anywhere:
 * <pre>
 *   hex-size[;chunk-signature=sig]\r\n data \r\n   ...repeated...
 *   0[;chunk-signature=sig]\r\n
 *   [name:value\r\n ...] [x-amz-trailer-signature:sig\r\n]
 *   \r\n
 * </pre>
 * Chunk data is returned as slices of the wire buffer. Only a header or trailer line is ever buffered (at most
 * {@link #MAX_LINE} bytes); a chunk's SHA-256 is computed as its data streams through.
 * <p>
 * Tolerated, because real clients send them: an empty line between the final chunk and the trailers, and a
 * body that ends without the last CRLF.
 */
final class AwsChunkedDecoder {
    static final int MAX_LINE = 4096;
    private static final int MAX_TRAILERS = 16;
    private static final String CHUNK_SIGNATURE = "chunk-signature=";
    private static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";

    private enum State { CHUNK_HEADER, CHUNK_DATA, CHUNK_CR, CHUNK_LF, TRAILERS, DONE }

    private final boolean signedTrailer;
    private final boolean trailersAllowed;
    private final long declaredLength;
    /** Null when chunks are not signed. */
    private final ChunkSignatureChain chain;
    private final MessageDigest chunkSha256;

    private State state = State.CHUNK_HEADER;
    private final byte[] line = new byte[MAX_LINE];
    private int lineLength;
    private long chunkRemaining;
    private String chunkSignature;
    private long decodedLength;
    private final List<String[]> trailers = new ArrayList<>();
    private String trailerSignature;
    private boolean blankLineSkipped;

    /**
     * @param chain           verifies chunk and trailer signatures; null for STREAMING-UNSIGNED-PAYLOAD-TRAILER
     * @param trailersAllowed whether the body may carry trailing headers
     * @param declaredLength  the decoded length the client declared, or -1
     */
    AwsChunkedDecoder(PayloadMode mode, ChunkSignatureChain chain, boolean trailersAllowed, long declaredLength) {
        this.signedTrailer = mode == PayloadMode.STREAMING_SIGNED_TRAILER;
        this.chain = chain;
        this.chunkSha256 = chain == null ? null : Crypto.sha256();
        this.trailersAllowed = trailersAllowed;
        this.declaredLength = declaredLength;
    }

    /**
     * Decodes from {@code wire} up to the next run of chunk data and returns it as a slice ({@code wire}'s
     * position moves past it), or returns null once {@code wire} is used up.
     */
    ByteBuffer next(ByteBuffer wire) throws AuthException {
        while (wire.hasRemaining()) {
            switch (state) {
                case CHUNK_HEADER -> {
                    if (readLine(wire, AuthError.INVALID_CHUNK_SIZE)) {
                        startChunk();
                    }
                }
                case CHUNK_DATA -> {
                    return data(wire);
                }
                case CHUNK_CR -> expect(wire, (byte) '\r', State.CHUNK_LF);
                case CHUNK_LF -> expect(wire, (byte) '\n', State.CHUNK_HEADER);
                case TRAILERS -> {
                    if (readLine(wire, AuthError.MALFORMED_TRAILER)) {
                        trailerLine();
                    }
                }
                case DONE -> afterEnd(wire);
            }
        }
        return null;
    }

    /** The body has ended: the framing must be complete, give or take the tolerated final CRLF. */
    void endOfInput() throws AuthException {
        if (state == State.TRAILERS) {
            if (lineLength > 0 && line[lineLength - 1] == '\r') {
                lineLength--;
            }
            if (lineLength > 0) {
                trailerLine();
            }
            if (state == State.TRAILERS) {
                endTrailers();
            }
        }
        if (state != State.DONE) {
            throw new AuthException(AuthError.INCOMPLETE_BODY,
                    "The request body ended before the final aws-chunked chunk.");
        }
    }

    long decodedLength() {
        return decodedLength;
    }

    /** The value of a trailing header (name in lower case), or null. */
    String trailer(String name) {
        for (String[] trailer : trailers) {
            if (trailer[0].equals(name)) {
                return trailer[1];
            }
        }
        return null;
    }

    List<String> trailerNames() {
        List<String> names = new ArrayList<>(trailers.size());
        for (String[] trailer : trailers) {
            names.add(trailer[0]);
        }
        return names;
    }

    private ByteBuffer data(ByteBuffer wire) throws AuthException {
        int n = (int) Math.min(chunkRemaining, wire.remaining());
        int position = wire.position();
        ByteBuffer slice = wire.slice(position, n);
        wire.position(position + n);
        chunkRemaining -= n;
        decodedLength += n;
        if (chunkSha256 != null) {
            chunkSha256.update(slice);
            slice.position(0);
        }
        if (chunkRemaining == 0) {
            // Verified before the chunk's last bytes are handed on; earlier ones are already out, which is why
            // nothing is final until finish().
            if (chain != null) {
                chain.verifyChunk(chunkSha256.digest(), chunkSignature);
            }
            state = State.CHUNK_CR;
        }
        return slice;
    }

    private void startChunk() throws AuthException {
        int semicolon = indexOf((byte) ';');
        int sizeEnd = semicolon < 0 ? lineLength : semicolon;
        while (sizeEnd > 0 && (line[sizeEnd - 1] == ' ' || line[sizeEnd - 1] == '\t')) {
            sizeEnd--;
        }
        if (sizeEnd == 0 || sizeEnd > 16) {
            throw invalidChunkSize();
        }
        long size = 0;
        for (int i = 0; i < sizeEnd; i++) {
            int digit = Character.digit(line[i], 16);
            if (digit < 0 || (size >>> 59) != 0) {
                throw invalidChunkSize();
            }
            size = (size << 4) | digit;
        }
        String signature = null;
        if (semicolon >= 0) {
            String extensions = new String(line, semicolon + 1, lineLength - semicolon - 1,
                    StandardCharsets.ISO_8859_1);
            for (String extension : extensions.split(";")) {
                String trimmed = extension.strip();
                if (trimmed.startsWith(CHUNK_SIGNATURE)) {
                    signature = trimmed.substring(CHUNK_SIGNATURE.length());
                }
            }
        }
        lineLength = 0;
        if (chain != null && signature == null) {
            throw new AuthException(AuthError.SIGNATURE_DOES_NOT_MATCH,
                    "An aws-chunked chunk has no chunk-signature.");
        }
        if (declaredLength >= 0 && size > declaredLength - decodedLength) {
            throw new AuthException(AuthError.INCOMPLETE_BODY,
                    "The aws-chunked body is longer than x-amz-decoded-content-length.");
        }
        if (size == 0) {
            if (chain != null) {
                chain.verifyChunk(chunkSha256.digest(), signature);
            }
            state = State.TRAILERS;
        } else {
            chunkRemaining = size;
            chunkSignature = signature;
            state = State.CHUNK_DATA;
        }
    }

    private void trailerLine() throws AuthException {
        if (lineLength == 0) {
            if (trailers.isEmpty() && trailerSignature == null && !blankLineSkipped && trailersAllowed) {
                blankLineSkipped = true;
                return;
            }
            endTrailers();
            return;
        }
        String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        lineLength = 0;
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw malformedTrailer("A trailing header is not of the form name:value.");
        }
        String name = text.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = text.substring(colon + 1).strip();
        if (name.equals(TRAILER_SIGNATURE)) {
            if (trailerSignature != null) {
                throw malformedTrailer("x-amz-trailer-signature was sent more than once.");
            }
            trailerSignature = value;
            return;
        }
        if (!trailersAllowed) {
            throw malformedTrailer("The request declared no trailing headers.");
        }
        if (trailerSignature != null) {
            throw malformedTrailer("A trailing header follows x-amz-trailer-signature.");
        }
        if (trailers.size() == MAX_TRAILERS) {
            throw malformedTrailer("Too many trailing headers.");
        }
        trailers.add(new String[] {name, value});
    }

    /** The trailer signature covers each trailing header as {@code name:value\n}, in the order sent. */
    private void endTrailers() throws AuthException {
        if (signedTrailer) {
            if (trailerSignature == null) {
                throw malformedTrailer("The trailing headers lack x-amz-trailer-signature.");
            }
            MessageDigest canonical = Crypto.sha256();
            for (String[] trailer : trailers) {
                canonical.update((trailer[0] + ':' + trailer[1] + '\n').getBytes(StandardCharsets.UTF_8));
            }
            chain.verifyTrailer(canonical.digest(), trailerSignature);
        }
        state = State.DONE;
    }

    private void expect(ByteBuffer wire, byte expected, State next) throws AuthException {
        if (wire.get() != expected) {
            throw new AuthException(AuthError.INCOMPLETE_BODY,
                    "An aws-chunked chunk is not followed by CRLF where its size says it ends.");
        }
        state = next;
    }

    /** After the end only stray line breaks are accepted; anything else means the framing was wrong. */
    private static void afterEnd(ByteBuffer wire) throws AuthException {
        byte b = wire.get();
        if (b != '\r' && b != '\n') {
            throw new AuthException(AuthError.INCOMPLETE_BODY,
                    "The request body continues after the end of the aws-chunked encoding.");
        }
    }

    /** Accumulates one line; true once its LF has arrived (the line then excludes CRLF). */
    private boolean readLine(ByteBuffer wire, AuthError tooLong) throws AuthException {
        while (wire.hasRemaining()) {
            byte b = wire.get();
            if (b == '\n') {
                if (lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                return true;
            }
            if (lineLength == MAX_LINE) {
                throw new AuthException(tooLong, "An aws-chunked header or trailer line is too long.");
            }
            line[lineLength++] = b;
        }
        return false;
    }

    private int indexOf(byte b) {
        for (int i = 0; i < lineLength; i++) {
            if (line[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static AuthException invalidChunkSize() {
        return new AuthException(AuthError.INVALID_CHUNK_SIZE, "An aws-chunked chunk size is not valid hex.");
    }

    private static AuthException malformedTrailer(String message) {
        return new AuthException(AuthError.MALFORMED_TRAILER, message);
    }
}
