package io.cairn.server.http;

import io.cairn.auth.AuthContext;
import io.cairn.auth.SignableRequest;
import io.cairn.server.s3.ErrorXml;
import io.cairn.server.s3.Router;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.s3.S3Operation;
import io.cairn.server.s3.UriCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A request as the S3 layer sees it: addressing resolved, query decoded, operation named. */
public final class S3Request {
    public static final String ADMIN_PREFIX = "/_cairn/";

    private final Exchange exchange;
    private final String method;
    private final String rawPath;
    private final String rawQuery;
    private final String bucket;
    private final String key;
    private final String virtualHostBucket;
    private final Map<String, String> query;
    private final S3Operation operation;
    private AuthContext auth;

    private S3Request(Exchange exchange, String method, String rawPath, String rawQuery, String bucket, String key,
                      String virtualHostBucket, Map<String, String> query) {
        this.exchange = exchange;
        this.method = method;
        this.rawPath = rawPath;
        this.rawQuery = rawQuery;
        this.bucket = bucket;
        this.key = key;
        this.virtualHostBucket = virtualHostBucket;
        this.query = query;
        HttpHeaders h = exchange.request().headers();
        this.operation = rawPath.startsWith(ADMIN_PREFIX) ? S3Operation.Unknown
                : Router.route(method, bucket, key, query::get, h::contains);
        exchange.parsed(this);
    }

    /**
     * Resolves path-style ({@code /bucket/key}) or virtual-hosted-style ({@code bucket.domain/key})
     * addressing.
     *
     * @param domains the configured base domains for virtual-hosted style
     * @throws S3Exception InvalidURI for bad percent-encoding
     */
    public static S3Request parse(Exchange exchange, List<String> domains) {
        String uri = utf8(exchange.request().uri());
        int q = uri.indexOf('?');
        String rawPath = q < 0 ? uri : uri.substring(0, q);
        String rawQuery = q < 0 ? "" : uri.substring(q + 1);
        if (rawPath.startsWith("http://") || rawPath.startsWith("https://")) {
            // absolute-form request target: keep the path only
            int slash = rawPath.indexOf('/', rawPath.indexOf("//") + 2);
            rawPath = slash < 0 ? "/" : rawPath.substring(slash);
        }
        if (rawPath.isEmpty()) {
            rawPath = "/";
        }
        Map<String, String> query = UriCodec.parseQuery(rawQuery);
        String hostBucket = virtualHostBucket(exchange.request().headers().get(HttpHeaderNames.HOST), domains);
        String path = UriCodec.decode(rawPath);
        String bucket;
        String key;
        if (hostBucket != null) {
            bucket = hostBucket;
            key = path.length() > 1 ? path.substring(1) : null;
        } else {
            String rest = path.startsWith("/") ? path.substring(1) : path;
            int slash = rest.indexOf('/');
            bucket = slash < 0 ? rest : rest.substring(0, slash);
            key = slash < 0 || slash == rest.length() - 1 ? null : rest.substring(slash + 1);
            if (bucket.isEmpty()) {
                bucket = null;
            }
        }
        return new S3Request(exchange, exchange.request().method().name(), rawPath, rawQuery, bucket, key,
                hostBucket, query);
    }

    /**
     * Netty reads the request line byte by byte as ISO-8859-1; a client that sends raw UTF-8 (instead of
     * percent-encoding it) means UTF-8 characters, and signs them as such.
     */
    private static String utf8(String requestTarget) {
        for (int i = 0; i < requestTarget.length(); i++) {
            if (requestTarget.charAt(i) >= 0x80) {
                return new String(requestTarget.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                        java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return requestTarget;
    }

    private static String virtualHostBucket(String host, List<String> domains) {
        if (host == null || domains.isEmpty()) {
            return null;
        }
        String h = host.toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(']') < colon) {
            h = h.substring(0, colon);
        }
        for (String domain : domains) {
            if (h.length() > domain.length() + 1 && h.endsWith("." + domain)) {
                return h.substring(0, h.length() - domain.length() - 1);
            }
        }
        return null;
    }

    /** What the signature covers. */
    public SignableRequest signable() {
        HttpHeaders h = exchange.request().headers();
        Map<String, List<String>> headers = new HashMap<>();
        for (Map.Entry<String, String> e : h) {
            headers.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1)).add(e.getValue());
        }
        return new SignableRequest(method, rawPath, rawQuery, headers, virtualHostBucket);
    }

    public boolean isAdmin() {
        return rawPath.startsWith(ADMIN_PREFIX);
    }

    public String method() {
        return method;
    }

    public String rawPath() {
        return rawPath;
    }

    public String bucket() {
        return bucket;
    }

    public String key() {
        return key;
    }

    public S3Operation operation() {
        return operation;
    }

    public String requestId() {
        return exchange.requestId();
    }

    public AuthContext auth() {
        return auth;
    }

    public void auth(AuthContext auth) {
        this.auth = auth;
    }

    /** The access key of the caller, or "anonymous". */
    public String principal() {
        return auth == null || auth.accessKeyId() == null ? "anonymous" : auth.accessKeyId();
    }

    public String param(String name) {
        return query.get(name);
    }

    public boolean hasParam(String name) {
        return query.containsKey(name);
    }

    public Map<String, String> params() {
        return query;
    }

    public String header(CharSequence name) {
        return exchange.request().headers().get(name);
    }

    public HttpHeaders headers() {
        return exchange.request().headers();
    }

    public BodyStream body() {
        return exchange.body();
    }

    public S3Response response() {
        return exchange.response();
    }

    /** The Resource element of errors: the path as addressed. */
    public String resource() {
        if (bucket == null) {
            return "/";
        }
        return key == null ? "/" + bucket : "/" + bucket + "/" + key;
    }

    // ---- response shortcuts ----

    public HttpResponse head(int status) {
        return exchange.response().head(status);
    }

    public void sendXml(int status, byte[] xml) {
        HttpResponse r = head(status);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/xml");
        exchange.response().send(r, xml);
    }

    public void sendEmpty(int status) {
        exchange.response().send(head(status), null);
    }

    /** Names what a multi-object operation acted on (DeleteObjects' keys) for the audit log. */
    public void auditTargets(List<String> targets) {
        exchange.auditTargets(List.copyOf(targets));
    }

    public void sendError(S3Exception e) {
        sendError(exchange, this, e);
    }

    /** The one place an error becomes a response. HEAD responses carry no body, as S3's. */
    public static void sendError(Exchange exchange, S3Request request, S3Exception e) {
        S3Response response = exchange.response();
        HttpResponse r = response.head(e.status());
        if (e.status() >= 400) {
            exchange.errorCode(e.code());
        }
        e.headers().forEach((k, v) -> r.headers().set(k, v));
        String resource = request == null ? null : request.resource();
        if ("HEAD".equals(exchange.request().method().name()) || e.status() == 304) {
            r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
            response.sendHeadOnly(r);
            return;
        }
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/xml");
        response.send(r, ErrorXml.render(e, resource, exchange.requestId()));
    }
}
