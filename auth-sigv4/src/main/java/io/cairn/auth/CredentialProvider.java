package io.cairn.auth;

import java.util.Optional;

/** Looks up the secret key of an access key id. */
@FunctionalInterface
public interface CredentialProvider {
    Optional<String> secretKey(String accessKeyId);
}
