import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Presigns S3 URLs (AWS Signature V4, query string) for a given HTTP method, so wrk can send HEAD
 * requests for a STAT test: presigned URLs are bound to their method, and the bench tool presigns GETs.
 * Reads URLs one a line on stdin (any query string is dropped; the path is used as already encoded)
 * and writes the presigned URLs on stdout.
 *
 * <pre>java bench/tools/Presign.java --access-key K --secret-key S [--region us-east-1] [--method HEAD] [--expires 3600]</pre>
 */
public final class Presign {
    public static void main(String[] args) throws Exception {
        String accessKey = null, secretKey = null, region = "us-east-1", method = "HEAD";
        int expires = 3600;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--access-key" -> accessKey = args[++i];
                case "--secret-key" -> secretKey = args[++i];
                case "--region" -> region = args[++i];
                case "--method" -> method = args[++i];
                case "--expires" -> expires = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (accessKey == null || secretKey == null) {
            System.err.println("usage: Presign --access-key K --secret-key S [--region R] [--method M] [--expires SECONDS] < urls");
            System.exit(2);
        }
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String amzDate = now.format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        String day = amzDate.substring(0, 8);
        String scope = day + "/" + region + "/s3/aws4_request";
        byte[] signingKey = hmac(hmac(hmac(hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day), region), "s3"), "aws4_request");
        // Sorted by name: X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders.
        String query = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=" + accessKey + "%2F" + scope.replace("/", "%2F")
                + "&X-Amz-Date=" + amzDate
                + "&X-Amz-Expires=" + expires
                + "&X-Amz-SignedHeaders=host";
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        HexFormat hex = HexFormat.of();
        StringBuilder out = new StringBuilder(1 << 20);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            line = line.trim();
            if (line.isEmpty()) continue;
            URI uri = URI.create(line);
            String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            String path = uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String canonical = method + "\n" + path + "\n" + query + "\nhost:" + host + "\n\nhost\nUNSIGNED-PAYLOAD";
            String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                    + hex.formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
            String signature = hex.formatHex(hmac(signingKey, toSign));
            out.append(uri.getScheme()).append("://").append(host).append(path).append('?').append(query)
                    .append("&X-Amz-Signature=").append(signature).append('\n');
        }
        System.out.print(out);
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
