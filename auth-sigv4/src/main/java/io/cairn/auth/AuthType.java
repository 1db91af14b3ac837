package io.cairn.auth;

/** How a request was authenticated. */
public enum AuthType {
    ANONYMOUS, HEADER_V4, PRESIGNED_V4, HEADER_V2, PRESIGNED_V2
}
