package io.cairn.server.sse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyServiceTest {
    @TempDir
    Path dir;

    @Test
    void masterKeyFileIsCreatedPrivateAndReloaded() throws Exception {
        MasterKeys m = MasterKeys.load(dir, Map.of());
        Path file = dir.resolve(MasterKeys.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        MasterKeys again = MasterKeys.load(dir, Map.of());
        assertThat(again.current().id()).isEqualTo(m.current().id());
        assertThat(again.current().key().getEncoded()).isEqualTo(m.current().key().getEncoded());
        assertThat(m.current().toString()).doesNotContain(Base64.getEncoder().encodeToString(
                m.current().key().getEncoded()));
    }

    @Test
    void masterKeyFromTheEnvironmentCreatesNoFile() throws Exception {
        String raw = Base64.getEncoder().encodeToString(new byte[32]);
        MasterKeys m = MasterKeys.load(dir, Map.of(MasterKeys.ENV, "env-1:" + raw));
        assertThat(m.current().id()).isEqualTo("env-1");
        assertThat(dir.resolve(MasterKeys.FILE)).doesNotExist();
        assertThatThrownBy(() -> MasterKeys.load(dir, Map.of(MasterKeys.ENV, "x:AAAA")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("AAAA");
    }

    @Test
    void sseS3DataKeysSurviveRotationAndReopen() throws Exception {
        KeyService ks = KeyService.open(dir, Map.of(), "us-east-1");
        KeyService.Sealed s = ks.newDataKey(new SseSpec(SseMode.SSE_S3, null, null, null));
        String oldKek = s.record().kekId();
        assertThat(ks.resealIfStale(s.record())).isNull();
        MasterKeys masters = MasterKeys.load(dir, Map.of());
        masters.rotate();
        KeyService rotated = new KeyService(masters, LocalKeyring.load(dir, masters, "us-east-1"), false);
        // The old key still opens what it sealed...
        assertThat(rotated.dataKey(s.record(), null).getEncoded()).isEqualTo(s.dataKey().getEncoded());
        // ...and re-sealing moves it to the new key without changing the data key.
        EncryptionRecord resealed = rotated.resealIfStale(s.record());
        assertThat(resealed.kekId()).isNotEqualTo(oldKek).isEqualTo(masters.current().id());
        EncryptionRecord back = EncryptionRecord.fromMap(resealed.toMap());
        assertThat(rotated.dataKey(back, null).getEncoded()).isEqualTo(s.dataKey().getEncoded());
    }

    @Test
    void sseCNeedsTheSameCustomerKey() throws Exception {
        KeyService ks = KeyService.open(dir, Map.of(), "us-east-1");
        CustomerKey ck = new CustomerKey(Gcm.randomBytes(32), "md5");
        CustomerKey other = new CustomerKey(Gcm.randomBytes(32), "md5");
        KeyService.Sealed s = ks.newDataKey(new SseSpec(SseMode.SSE_C, null, null, ck));
        assertThat(KeyService.customerKeyMatches(s.record(), ck)).isTrue();
        assertThat(KeyService.customerKeyMatches(s.record(), other)).isFalse();
        assertThat(ks.dataKey(s.record(), ck).getEncoded()).isEqualTo(s.dataKey().getEncoded());
        assertThatThrownBy(() -> ks.dataKey(s.record(), other)).isInstanceOf(IntegrityException.class);
        assertThat(s.record().toMap().toString()).doesNotContain(Base64.getEncoder().encodeToString(
                s.dataKey().getEncoded()));
    }

    @Test
    void kmsKeysAreSealedByTheMasterKeyAndBindTheContext() throws Exception {
        KeyService ks = KeyService.open(dir, Map.of(), "eu-west-1");
        ks.kms().createKey("app");
        assertThat(ks.kms().resolve("app")).contains("app");
        assertThat(ks.kms().resolve("arn:aws:kms:eu-west-1:000000000000:key/app")).contains("app");
        assertThat(ks.kms().resolve("nope")).isEmpty();
        KeyService.Sealed s = ks.newDataKey(new SseSpec(SseMode.SSE_KMS, "app", "ctx", null));
        KeyService reopened = KeyService.open(dir, Map.of(), "eu-west-1");
        assertThat(reopened.dataKey(s.record(), null).getEncoded()).isEqualTo(s.dataKey().getEncoded());
        EncryptionRecord otherContext = new EncryptionRecord(SseMode.SSE_KMS, "app", s.record().sealedKey(), null,
                null, "other");
        assertThatThrownBy(() -> reopened.dataKey(otherContext, null)).isInstanceOf(IntegrityException.class);
        String keyring = Files.readString(dir.resolve(LocalKeyring.FILE));
        assertThat(keyring).startsWith("app ");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(LocalKeyring.FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void configurationSecretsAreSealedForOnePurposeAndSurviveRotation() throws Exception {
        KeyService ks = KeyService.open(dir, Map.of(), "us-east-1");
        String sealed = ks.sealSecret("tier-secret-value", "tier|COLD|secretKey");
        assertThat(sealed).startsWith("v1:" + MasterKeys.load(dir, Map.of()).current().id() + ":")
                .doesNotContain("tier-secret-value");
        assertThat(ks.openSecret(sealed, "tier|COLD|secretKey")).isEqualTo("tier-secret-value");
        assertThatThrownBy(() -> ks.openSecret(sealed, "tier|OTHER|secretKey")).isInstanceOf(IntegrityException.class);
        assertThatThrownBy(() -> ks.openSecret("plain", "tier|COLD|secretKey")).isInstanceOf(IntegrityException.class);
        MasterKeys masters = MasterKeys.load(dir, Map.of());
        masters.rotate();
        KeyService rotated = new KeyService(masters, LocalKeyring.load(dir, masters, "us-east-1"), false);
        assertThat(rotated.openSecret(sealed, "tier|COLD|secretKey")).isEqualTo("tier-secret-value");
        assertThat(rotated.sealSecret("x", "p")).startsWith("v1:" + masters.current().id() + ":");
    }
}
