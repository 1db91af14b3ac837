package io.cairn.server.s3;

import java.util.regex.Pattern;

/** S3's general-purpose bucket naming rules. */
public final class BucketNames {
    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private BucketNames() {
    }

    public static boolean isValid(String name) {
        return name != null
                && SHAPE.matcher(name).matches()
                && !name.contains("..")
                && !name.contains(".-")
                && !name.contains("-.")
                && !IP.matcher(name).matches()
                && !name.startsWith("xn--")
                && !name.startsWith("sthree-")
                && !name.startsWith("amzn-s3-demo-")
                && !name.endsWith("-s3alias")
                && !name.endsWith("--ol-s3")
                && !name.endsWith(".mrap")
                && !name.endsWith("--x-s3")
                && !name.endsWith("--table-s3");
    }

    public static void requireValid(String name) {
        if (!isValid(name)) {
            throw new S3Exception(S3Error.INVALID_BUCKET_NAME).detail("BucketName", name);
        }
    }
}
