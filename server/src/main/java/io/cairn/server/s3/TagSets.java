package io.cairn.server.s3;

import io.cairn.server.xml.XmlNode;
import io.cairn.server.xml.XmlParser;
import io.cairn.server.xml.XmlWriter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * S3 tag sets: the {@code Tagging} document of the tagging operations, the {@code x-amz-tagging} header of writes,
 * and S3's rules for both. Tags keep the order the client gave.
 */
public final class TagSets {
    public static final String HEADER = "x-amz-tagging";
    public static final String COUNT_HEADER = "x-amz-tagging-count";

    /** S3 counts lengths in UTF-16 code units ("object tags are internally represented in UTF-16"): String.length. */
    private static final int MAX_KEY_LENGTH = 128;
    private static final int MAX_VALUE_LENGTH = 256;
    /** Unicode letters, separators (spaces) and numbers, and {@code _ . : / = + - @}. */
    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    private static final String BAD_HEADER = "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded "
            + "URL query parameters without tag name duplicates.";

    /** Where a tag set goes, and how many tags it may hold there. */
    public enum Scope {
        OBJECT(10, "Object tags cannot be greater than 10"),
        BUCKET(50, "Bucket tag count cannot be greater than 50");

        private final int maxTags;
        private final String tooMany;

        Scope(int maxTags, String tooMany) {
            this.maxTags = maxTags;
            this.tooMany = tooMany;
        }
    }

    private TagSets() {
    }

    /**
     * Parses and validates a {@code <Tagging><TagSet><Tag><Key/><Value/></Tag>...</TagSet></Tagging>} document.
     * An empty TagSet is a valid, empty tag set.
     *
     * @throws S3Exception MalformedXML (not well-formed, another root, no TagSet, a Tag without Key or Value),
     *                     BadRequest (too many tags), InvalidTag (a key or value S3 refuses, duplicate keys)
     */
    public static Map<String, String> fromXml(byte[] body, Scope scope) {
        XmlNode root = XmlParser.parse(body, "Tagging");
        List<XmlNode> sets = root.all("TagSet");
        if (sets.size() != 1) {
            throw new S3Exception(S3Error.MALFORMED_XML);
        }
        List<Map.Entry<String, String>> tags = new ArrayList<>();
        for (XmlNode tag : sets.get(0).all("Tag")) {
            String key = tag.childText("Key");
            String value = tag.childText("Value");
            if (key == null || value == null) {
                throw new S3Exception(S3Error.MALFORMED_XML);
            }
            tags.add(Map.entry(key, value));
        }
        return validated(tags, scope);
    }

    /**
     * Parses and validates the {@code x-amz-tagging} header of PutObject, CreateMultipartUpload and CopyObject: URL
     * query form ({@code a=1&b=x%20y}, '+' is a space, a key without '=' has the empty value).
     *
     * @param header the header's value; null (no header) is no tags
     * @throws S3Exception InvalidArgument (not that form: a bad escape, no key, two '=', a key given twice),
     *                     BadRequest (more than 10 tags), InvalidTag (a key or value S3 refuses)
     */
    public static Map<String, String> fromHeader(String header) {
        if (header == null) {
            return Map.of();
        }
        List<Map.Entry<String, String>> tags = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String pair : header.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq >= 0 && pair.indexOf('=', eq + 1) >= 0) {
                throw badHeader(header);
            }
            String key = formDecode(eq < 0 ? pair : pair.substring(0, eq), header);
            String value = eq < 0 ? "" : formDecode(pair.substring(eq + 1), header);
            if (key.isEmpty() || !seen.add(key)) {
                throw badHeader(header);
            }
            tags.add(Map.entry(key, value));
        }
        return validated(tags, Scope.OBJECT);
    }

    /** The {@code Tagging} document GetObjectTagging and GetBucketTagging answer with. */
    public static byte[] toXml(Map<String, String> tags) {
        XmlWriter w = new XmlWriter().root("Tagging").start("TagSet");
        tags.forEach((key, value) -> w.start("Tag").element("Key", key).element("Value", value).end());
        return w.end().end().toBytes();
    }

    private static Map<String, String> validated(List<Map.Entry<String, String>> tags, Scope scope) {
        if (tags.size() > scope.maxTags) {
            throw new S3Exception(S3Error.BAD_REQUEST, scope.tooMany);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> tag : tags) {
            String key = tag.getKey();
            String value = tag.getValue();
            if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !ALLOWED.matcher(key).matches()) {
                throw new S3Exception(S3Error.INVALID_TAG, "The TagKey you have provided is invalid")
                        .detail("TagKey", key);
            }
            if (value.length() > MAX_VALUE_LENGTH || !ALLOWED.matcher(value).matches()) {
                throw new S3Exception(S3Error.INVALID_TAG, "The TagValue you have provided is invalid")
                        .detail("TagKey", key).detail("TagValue", value);
            }
            if (key.regionMatches(true, 0, "aws:", 0, 4)) {
                throw new S3Exception(S3Error.INVALID_TAG, "System tags cannot be added/updated by requester")
                        .detail("TagKey", key);
            }
            if (out.putIfAbsent(key, value) != null) {
                throw new S3Exception(S3Error.INVALID_TAG, "Cannot provide multiple Tags with the same key")
                        .detail("TagKey", key);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Form decoding: '+' is a space, then percent-escapes (UTF-8). Characters XML 1.0 cannot carry are refused here:
     * the error document naming the tag could not hold them.
     */
    private static String formDecode(String s, String header) {
        String decoded;
        try {
            decoded = UriCodec.decode(s.replace('+', ' '));
        } catch (S3Exception e) {
            throw badHeader(header);
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                throw badHeader(header);
            }
        }
        return decoded;
    }

    private static S3Exception badHeader(String header) {
        return new S3Exception(S3Error.INVALID_ARGUMENT, BAD_HEADER).detail("ArgumentName", HEADER)
                .detail("ArgumentValue", header);
    }
}
