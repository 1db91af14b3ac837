package io.cairn.meta;

/** An object version as persisted, with the stamp that orders it among the key's versions. */
record StoredVersion(long stamp, ObjectVersion version) {
}
