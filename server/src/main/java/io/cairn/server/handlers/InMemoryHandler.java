package io.cairn.server.handlers;

import io.cairn.server.http.S3Request;

/**
 * An operation that can sometimes be answered on the event loop, from memory alone: no disk read, no wait of any
 * kind. For a small GET or a HEAD, handing the request to a worker and the response back cost as much as the
 * lookup itself.
 */
public interface InMemoryHandler extends OperationHandler {

    /**
     * Answers on the calling event loop if memory holds all the request needs. Returns false, having sent nothing,
     * when it does not ({@link io.cairn.meta.NotInMemoryException} means the same): {@link #handle} then runs on a
     * worker. Errors are thrown as S3Exception, as from {@link #handle}.
     */
    boolean answerInMemory(S3Request request) throws Exception;
}
