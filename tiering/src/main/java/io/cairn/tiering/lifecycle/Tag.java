package io.cairn.tiering.lifecycle;

/**
 * A tag condition of a lifecycle filter. An object matches when it has a tag with this key and this value; a
 * condition given without a Value has value "" and matches only a tag without a value.
 */
public record Tag(String key, String value) {
    public Tag {
        value = value == null ? "" : value;
    }
}
