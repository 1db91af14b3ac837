package io.cairn.auth;

import java.util.Optional;

/** Asks the provider for a secret, treating a provider that answers null like one that knows no such key. */
final class CredentialLookup {

    private CredentialLookup() {
    }

    static String secretKey(CredentialProvider credentials, String accessKeyId) {
        Optional<String> secret = credentials.secretKey(accessKeyId);
        return secret == null ? null : secret.orElse(null);
    }
}
