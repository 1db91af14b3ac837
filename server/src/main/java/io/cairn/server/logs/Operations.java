package io.cairn.server.logs;

import io.cairn.server.http.S3Request;
import io.cairn.server.s3.S3Operation;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** How the logs name a request's operation, which requests the audit log takes, and what they acted on. */
public final class Operations {
    private static final String ADMIN = "/_cairn/admin/";
    /**
     * Administrative and destructive S3 operations: bucket creation, every configuration change and removal, and
     * every delete (PutObject and CopyObject are ordinary writes: the access log has them).
     */
    private static final Set<S3Operation> AUDITED = audited();
    /** Admin parameters that name what a call acts on; any other (a presigned signature, say) stays out. */
    private static final List<String> ADMIN_PARAMS = List.of("bucket", "key", "versionId", "tier", "replace");

    private Operations() {
    }

    private static Set<S3Operation> audited() {
        Set<S3Operation> s = EnumSet.of(S3Operation.CreateBucket, S3Operation.AbortMultipartUpload);
        for (S3Operation op : S3Operation.values()) {
            String n = op.name();
            if (n.startsWith("Delete") || n.startsWith("Put") && op != S3Operation.PutObject) {
                s.add(op);
            }
        }
        return s;
    }

    /** The operation's name for the logs; {@code /_cairn/} paths are "Admin", "Health" or "Metrics". */
    static String name(S3Request r) {
        if (r == null) {
            return S3Operation.Unknown.name();
        }
        if (!r.isAdmin()) {
            return r.operation().name();
        }
        String path = r.rawPath();
        return path.startsWith(ADMIN) ? "Admin" : path.startsWith("/_cairn/health/") ? "Health" : "Metrics";
    }

    /** Probes and scrapes that succeeded: they come every few seconds and would drown the access log. */
    public static boolean routine(S3Request r, int status) {
        return r != null && r.isAdmin() && !r.rawPath().startsWith(ADMIN) && status < 400;
    }

    /** Whether the audit log takes this request: an audited S3 operation, or an admin call that changes something. */
    public static boolean audited(S3Request r) {
        if (r == null) {
            return false;
        }
        if (r.isAdmin()) {
            return r.rawPath().startsWith(ADMIN) && !r.method().equals("GET") && !r.method().equals("HEAD");
        }
        return AUDITED.contains(r.operation());
    }

    /** {@code /bucket/key?versionId=...}, or for admin calls the method, path and the parameters that name things. */
    static String target(S3Request r) {
        if (r == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        if (r.isAdmin()) {
            sb.append(r.method()).append(' ').append(r.rawPath());
            char sep = '?';
            for (String p : ADMIN_PARAMS) {
                String v = r.param(p);
                if (v != null) {
                    sb.append(sep).append(p).append('=').append(v);
                    sep = '&';
                }
            }
            return sb.toString();
        }
        sb.append(r.resource());
        String versionId = r.param("versionId");
        if (versionId != null) {
            sb.append("?versionId=").append(versionId);
        }
        return sb.toString();
    }
}
