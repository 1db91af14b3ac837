package io.cairn.server.handlers;

import io.cairn.server.http.S3Request;

/** Runs one S3 operation on a worker thread and sends its response (errors are thrown as S3Exception). */
@FunctionalInterface
public interface OperationHandler {
    void handle(S3Request request) throws Exception;
}
