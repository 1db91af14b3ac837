package io.cairn.bench.stats;

/** The operations the generator times, with the names reports use. */
public enum Op {
    PUT("PUT"),
    GET("GET"),
    STAT("STAT"),
    DELETE("DELETE"),
    LIST("LIST"),
    MPU_CREATE("MPU-CREATE"),
    MPU_PART("MPU-PART"),
    MPU_COMPLETE("MPU-COMPLETE"),
    /** A whole multipart upload: create, every part, complete; its bytes are the object's. */
    MULTIPART("MULTIPART"),
    // Set-up and clean-up requests: counted so their failures surface, never part of a measured table.
    CREATE_BUCKET("CREATE-BUCKET"),
    DELETE_BUCKET("DELETE-BUCKET"),
    DELETE_OBJECTS("DELETE-OBJECTS"),
    LIST_UPLOADS("LIST-UPLOADS"),
    MPU_ABORT("MPU-ABORT");

    private final String label;

    Op(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * A composite op summarises requests already counted under their own ops; it does not add requests of its
     * own (the client CPU per request divides by real requests).
     */
    public boolean isComposite() {
        return this == MULTIPART;
    }
}
