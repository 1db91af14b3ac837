package io.cairn.tiering.remote;

import io.cairn.meta.TierRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TierSpecTest {
    static final String SECRET = "s3cr3t-VALUE-never-shown";

    /** Reversible and recognisable, so tests see that sealing happened and was bound to tier and setting. */
    static final TierSecrets FAKE_SEAL = new TierSecrets() {
        @Override
        public String seal(String tier, String setting, String secret) {
            return "sealed(" + tier + "," + setting + ")" + new StringBuilder(secret).reverse();
        }

        @Override
        public String open(String tier, String setting, String sealed) {
            String tag = "sealed(" + tier + "," + setting + ")";
            if (!sealed.startsWith(tag)) {
                throw new IllegalStateException("sealed for another tier or setting");
            }
            return new StringBuilder(sealed.substring(tag.length())).reverse().toString();
        }
    };

    static Map<String, String> s3Settings() {
        Map<String, String> m = new HashMap<>();
        m.put("endpoint", "http://127.0.0.1:9000");
        m.put("region", "us-east-1");
        m.put("bucket", "cold");
        m.put("accessKey", "AKIDEXAMPLE");
        m.put("secretKey", SECRET);
        return m;
    }

    @Test
    void acceptsAValidS3Definition() {
        Map<String, String> m = s3Settings();
        m.put("prefix", "cairn/");
        m.put("pathStyle", "true");
        m.put("region", "");
        m.put("region", "eu-west-1");
        TierSpec spec = new TierSpec("COLD-1", TierType.S3, m);
        assertThat(spec.settings()).containsEntry("prefix", "cairn/").containsEntry("pathStyle", "true");
        assertThat(spec.redacted()).doesNotContainKey("secretKey").containsEntry("accessKey", "AKIDEXAMPLE");
        assertThat(spec.toString()).doesNotContain(SECRET).contains("COLD-1");
    }

    @Test
    void emptyOptionalSettingsAreDropped() {
        Map<String, String> m = s3Settings();
        m.put("prefix", "");
        assertThat(new TierSpec("COLD", TierType.S3, m).settings()).doesNotContainKey("prefix");
    }

    @Test
    void namesAreUpperCaseStorageClassNamesButNotS3Ones() {
        for (String ok : new String[] {"A", "COLD", "COLD_2", "WARM-TIER", "X".repeat(64)}) {
            TierSpec.checkName(ok);
        }
        for (String bad : new String[] {"", "cold", "Cold", "COLD TIER", "COLD/1", "X".repeat(65), "ÄRCHIV"}) {
            assertThatThrownBy(() -> TierSpec.checkName(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1-64");
        }
        for (String s3 : new String[] {"STANDARD", "REDUCED_REDUNDANCY", "GLACIER", "DEEP_ARCHIVE", "STANDARD_IA",
                "GLACIER_IR", "INTELLIGENT_TIERING", "ONEZONE_IA", "EXPRESS_ONEZONE"}) {
            assertThatThrownBy(() -> TierSpec.checkName(s3)).as(s3).hasMessageContaining("S3 storage class");
        }
        assertThatThrownBy(() -> TierSpec.checkName(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requiredAndUnknownSettings() {
        for (String required : new String[] {"endpoint", "region", "bucket", "accessKey", "secretKey"}) {
            Map<String, String> m = s3Settings();
            m.remove(required);
            assertThatThrownBy(() -> new TierSpec("COLD", TierType.S3, m)).as(required)
                    .hasMessage("s3 tiers need the setting " + required);
        }
        Map<String, String> m = s3Settings();
        m.put("container", "c1");
        assertThatThrownBy(() -> new TierSpec("COLD", TierType.S3, m))
                .hasMessage("unknown setting container for a tier of type s3");
        assertThatThrownBy(() -> new TierSpec("COLD", null, s3Settings())).hasMessageContaining("type");
        assertThatThrownBy(() -> TierType.of("gcs")).hasMessageContaining("unknown tier type gcs");
        assertThat(TierType.of("S3")).isEqualTo(TierType.S3);
        assertThat(TierType.of("azure")).isEqualTo(TierType.AZURE);
    }

    @Test
    void valuesAreChecked() {
        assertBad("endpoint", "ftp://host", "http:// or https://");
        assertBad("endpoint", "not a url", "endpoint is not a URL");
        assertBad("endpoint", "http://user:" + SECRET + "@host", "user info");
        assertBad("endpoint", "http://host/?x=1", "query");
        assertBad("region", "us east", "region");
        assertBad("bucket", "a/b", "bucket");
        assertBad("prefix", "/abs", "prefix");
        assertBad("pathStyle", "yes", "pathStyle");
        assertBad("secretKey", SECRET + "\n", "secretKey");
        Map<String, String> ok = s3Settings();
        ok.put("endpoint", "https://s3.eu-west-1.amazonaws.com");
        new TierSpec("COLD", TierType.S3, ok);
    }

    private static void assertBad(String setting, String value, String message) {
        Map<String, String> m = s3Settings();
        m.put(setting, value);
        assertThatThrownBy(() -> new TierSpec("COLD", TierType.S3, m)).as(setting + "=" + value)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .message().doesNotContain(SECRET);
    }

    @Test
    void azureDefinitions() {
        Map<String, String> m = new HashMap<>(Map.of("account", "devstoreaccount1",
                "accountKey", "Zm9vYmFy", "container", "cold-data"));
        TierSpec spec = new TierSpec("ARCHIVE", TierType.AZURE, m);
        assertThat(spec.redacted()).containsOnlyKeys("account", "container");
        m.put("endpoint", "http://127.0.0.1:10000/devstoreaccount1");
        assertThat(new TierSpec("ARCHIVE", TierType.AZURE, m).setting("endpoint"))
                .isEqualTo("http://127.0.0.1:10000/devstoreaccount1");
        m.put("accountKey", "not base64!");
        assertThatThrownBy(() -> new TierSpec("ARCHIVE", TierType.AZURE, m)).hasMessageContaining("base64");
        m.put("accountKey", "Zm9vYmFy");
        m.put("container", "Bad_Container");
        assertThatThrownBy(() -> new TierSpec("ARCHIVE", TierType.AZURE, m)).hasMessageContaining("container");
        m.put("container", "ok-c");
        m.put("account", "UPPER");
        assertThatThrownBy(() -> new TierSpec("ARCHIVE", TierType.AZURE, m)).hasMessageContaining("account");
    }

    @Test
    void theStoredRecordHasTheSecretSealedAndOpensBackOnlyForItsTier() {
        TierSpec spec = new TierSpec("COLD", TierType.S3, s3Settings());
        Instant now = Instant.parse("2026-01-02T03:04:05Z");
        TierRecord record = spec.toRecord(FAKE_SEAL, now);
        assertThat(record.type()).isEqualTo("s3");
        assertThat(record.created()).isEqualTo(now);
        assertThat(record.settings().get("secretKey")).startsWith("sealed(COLD,secretKey)").doesNotContain(SECRET);
        assertThat(record.settings()).containsEntry("accessKey", "AKIDEXAMPLE");
        assertThat(TierSpec.fromRecord(record, FAKE_SEAL)).isEqualTo(spec);
        TierRecord moved = new TierRecord("OTHER", record.type(), record.settings(), now);
        assertThatThrownBy(() -> TierSpec.fromRecord(moved, FAKE_SEAL)).isInstanceOf(IllegalStateException.class);
    }
}
