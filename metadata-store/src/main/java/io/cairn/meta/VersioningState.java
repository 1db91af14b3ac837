package io.cairn.meta;

/** A bucket's versioning state. UNVERSIONED is "never enabled"; once enabled a bucket can only be suspended. */
public enum VersioningState { UNVERSIONED, ENABLED, SUSPENDED }
