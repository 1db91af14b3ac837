package io.cairn.server.tiers;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TierUsageTest {
    private static final String NS = "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";

    @Test
    void aTransitionOrNoncurrentTransitionNamingTheTierIsAUse() {
        String current = "<LifecycleConfiguration " + NS + "><Rule><ID>COLD</ID><Status>Enabled</Status>"
                + "<Transition><Days>30</Days><StorageClass> COLD </StorageClass></Transition></Rule>"
                + "</LifecycleConfiguration>";
        assertThat(TierUsage.namesStorageClass(current, "COLD")).isTrue();
        assertThat(TierUsage.namesStorageClass(current, "COLDER")).isFalse();
        String noncurrent = "<LifecycleConfiguration " + NS + "><Rule><Status>Enabled</Status>"
                + "<NoncurrentVersionTransition><NoncurrentDays>5</NoncurrentDays><StorageClass>WARM</StorageClass>"
                + "</NoncurrentVersionTransition></Rule></LifecycleConfiguration>";
        assertThat(TierUsage.namesStorageClass(noncurrent, "WARM")).isTrue();
    }

    @Test
    void theNameElsewhereIsNotAUse() {
        String xml = "<LifecycleConfiguration " + NS + "><Rule><ID>COLD</ID><Filter><Prefix>COLD</Prefix></Filter>"
                + "<Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>";
        assertThat(TierUsage.namesStorageClass(xml, "COLD")).isFalse();
    }

    @Test
    void anUnparsableConfigurationErrsOnTheSideOfInUse() {
        assertThat(TierUsage.namesStorageClass("<StorageClass>COLD</StorageClass><broken", "COLD")).isTrue();
        assertThat(TierUsage.namesStorageClass("<broken", "COLD")).isFalse();
    }
}
