package io.cairn.server.handlers;

import io.cairn.server.http.S3Request;

/**
 * An operation that can sometimes be answered on the event loop, from memory alone: no disk read, no wait of any
 * kind. For a small GET or a HEAD, handing the request to a worker and the response back cost as much as the
 * lookup itself.
 */
public interface InMemoryHandler extends OperationHandler {

    /**
     * Answers on the calling event loop if memory holds all the request needs. When it does not, returns having
     * sent nothing (or throws {@link io.cairn.meta.NotInMemoryException}): {@link #handle} then runs on a worker.
     * Errors are thrown as S3Exception, as from {@link #handle}.
     */
    void answerInMemory(S3Request request) throws Exception;
}
