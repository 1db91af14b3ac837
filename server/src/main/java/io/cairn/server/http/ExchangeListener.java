package io.cairn.server.http;

/**
 * Told when a request's head has arrived and when its response has been written (or failed to be). Both calls
 * come on the connection's event loop, once each per exchange: they must be cheap and never block.
 */
public interface ExchangeListener {
    ExchangeListener NONE = new ExchangeListener() {
        @Override
        public void started(Exchange exchange) {
        }

        @Override
        public void completed(Exchange exchange) {
        }
    };

    void started(Exchange exchange);

    void completed(Exchange exchange);
}
