package io.cairn.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Computes SigV4 signatures for S3 the way clients do: canonical request, string to sign, signing key. */
final class SigV4Signer {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String SERVICE = "s3";
    static final String TERMINATOR = "aws4_request";
    static final String SIGNATURE_PARAM = "X-Amz-Signature";

    private SigV4Signer() {
    }

    /** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
    static byte[] signingKey(String secretKey, String date, String region, String service) {
        byte[] key = Crypto.hmacSha256(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        key = Crypto.hmacSha256(key, region);
        key = Crypto.hmacSha256(key, service);
        return Crypto.hmacSha256(key, TERMINATOR);
    }

    static String scope(String date, String region) {
        return date + "/" + region + "/" + SERVICE + "/" + TERMINATOR;
    }

    /** The hex signature of a request, given what the client declared it signed. */
    static byte[] signatureHex(byte[] signingKey, String amzDate, String scope, SignableRequest request,
                               List<String> signedHeaders, String payloadHash, boolean presigned) {
        String canonical = canonicalRequest(request, signedHeaders, payloadHash, presigned);
        return Crypto.hexAscii(Crypto.hmacSha256(signingKey, stringToSign(amzDate, scope, canonical)));
    }

    static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + '\n' + amzDate + '\n' + scope + '\n'
                + Crypto.hex(Crypto.sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The canonical request. {@code signedHeaders} are used in the order the client listed them, which is the
     * order it canonicalised them in; a presigned request's own signature parameter is left out of the query.
     */
    static String canonicalRequest(SignableRequest request, List<String> signedHeaders, String payloadHash,
                                   boolean presigned) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(request.method()).append('\n');
        sb.append(UriEncoding.canonicalPath(request.rawPath())).append('\n');
        sb.append(canonicalQuery(request.rawQuery(), presigned)).append('\n');
        for (String name : signedHeaders) {
            sb.append(name).append(':').append(canonicalHeaderValue(request.headers().get(name))).append('\n');
        }
        sb.append('\n');
        sb.append(String.join(";", signedHeaders)).append('\n');
        sb.append(payloadHash);
        return sb.toString();
    }

    static String canonicalQuery(String rawQuery, boolean presigned) {
        List<String[]> pairs = new ArrayList<>();
        for (QueryParams.Param p : QueryParams.parse(rawQuery).all()) {
            if (presigned && p.name().equals(SIGNATURE_PARAM)) {
                continue;
            }
            pairs.add(new String[] {
                UriEncoding.canonicalQueryComponent(p.rawName()),
                p.rawValue() == null ? "" : UriEncoding.canonicalQueryComponent(p.rawValue())});
        }
        pairs.sort((a, b) -> {
            int byName = a[0].compareTo(b[0]);
            return byName != 0 ? byName : a[1].compareTo(b[1]);
        });
        StringBuilder sb = new StringBuilder();
        for (String[] pair : pairs) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(pair[0]).append('=').append(pair[1]);
        }
        return sb.toString();
    }

    /**
     * Values trimmed, runs of spaces collapsed, repeated headers joined with ','. A signed header the request
     * lacks counts as empty, so the signature comparison (not an exception) decides.
     */
    static String canonicalHeaderValue(List<String> values) {
        if (values == null || values.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            appendTrimmedCollapsed(sb, values.get(i));
        }
        return sb.toString();
    }

    private static void appendTrimmedCollapsed(StringBuilder sb, String value) {
        if (value == null) {
            return;
        }
        String trimmed = value.strip();
        boolean previousSpace = false;
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            boolean space = c == ' ' || c == '\t';
            if (space) {
                if (!previousSpace) {
                    sb.append(' ');
                }
            } else {
                sb.append(c);
            }
            previousSpace = space;
        }
    }
}
