package io.cairn.server.logs;

import io.cairn.auth.AuthContext;
import io.cairn.server.http.S3Request;
import io.netty.handler.codec.http.HttpHeaderNames;

import java.util.regex.Pattern;

/**
 * The access key id a request was made with: the authenticated one, or, when authentication failed, the id the
 * request claimed (who is trying keys that do not work is what an operator wants to see). Only the id is taken from
 * the credentials; the signature next to it never is, and a claimed id that does not look like one is left out.
 */
final class AccessKeys {
    private static final Pattern PLAUSIBLE = Pattern.compile("[A-Za-z0-9._\\-]{1,128}");

    private AccessKeys() {
    }

    static String of(S3Request r) {
        if (r == null) {
            return null;
        }
        AuthContext auth = r.auth();
        if (auth != null) {
            return auth.accessKeyId();
        }
        return plausible(claimed(r));
    }

    private static String claimed(S3Request r) {
        String authorization = r.header(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null) {
            int credential = authorization.indexOf("Credential=");
            if (authorization.startsWith("AWS4-") && credential > 0) {
                return until(authorization.substring(credential + "Credential=".length()), '/');
            }
            if (authorization.startsWith("AWS ")) {
                return until(authorization.substring(4), ':');
            }
            return null;
        }
        String v4 = r.param("X-Amz-Credential");
        return v4 != null ? until(v4, '/') : r.param("AWSAccessKeyId");
    }

    private static String until(String s, char end) {
        int i = s.indexOf(end);
        return i < 0 ? null : s.substring(0, i).strip();
    }

    private static String plausible(String id) {
        return id != null && PLAUSIBLE.matcher(id).matches() ? id : null;
    }
}
