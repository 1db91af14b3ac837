package io.cairn.tiering.lifecycle;

/**
 * S3's x-amz-transition-default-minimum-object-size: which objects too small to be worth moving stay put. Both
 * values keep objects under 128 KiB from every Cairn tier (S3 lets small objects into its Glacier classes only,
 * which Cairn has not), unless the rule's filter names an object size of its own.
 */
public enum TransitionDefaultMinimumObjectSize {
    ALL_STORAGE_CLASSES_128K("all_storage_classes_128K"),
    VARIES_BY_STORAGE_CLASS("varies_by_storage_class");

    /** The size below which objects are not transitioned by default. */
    public static final long MINIMUM_SIZE = 128 * 1024;

    private final String wireName;

    TransitionDefaultMinimumObjectSize(String wireName) {
        this.wireName = wireName;
    }

    /** The header value. */
    public String wireName() {
        return wireName;
    }

    /** The constant for a header value, or null when it is none of them. */
    public static TransitionDefaultMinimumObjectSize fromWireName(String value) {
        for (TransitionDefaultMinimumObjectSize v : values()) {
            if (v.wireName.equals(value)) {
                return v;
            }
        }
        return null;
    }
}
