/**
 * Lifecycle rules (model and evaluation), the background scanner that applies them, and the clients of remote
 * tiers that cold objects move to. Knows nothing of HTTP serving: the server module wires it in.
 */
package io.cairn.tiering;
