package io.cairn.server.tiers;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which stored lifecycle configurations use a tier, read with the lifecycle parser itself. */
class TierUsageTest {
    private static final String NS = "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";

    @Test
    void aTransitionOrNoncurrentTransitionNamingTheTierIsAUse() {
        String current = "<LifecycleConfiguration " + NS + "><Rule><ID>r1</ID><Filter/><Status>Enabled</Status>"
                + "<Transition><Days>30</Days><StorageClass>COLD</StorageClass></Transition></Rule>"
                + "</LifecycleConfiguration>";
        assertThat(TierUsage.lifecycleUse("b", current, "COLD"))
                .hasValue("the lifecycle configuration of bucket b transitions to it (rule r1)");
        assertThat(TierUsage.lifecycleUse("b", current, "COLDER")).isEmpty();
        String noncurrent = "<LifecycleConfiguration " + NS + "><Rule><ID>r2</ID><Filter/><Status>Disabled</Status>"
                + "<NoncurrentVersionTransition><NoncurrentDays>5</NoncurrentDays><StorageClass>WARM</StorageClass>"
                + "</NoncurrentVersionTransition></Rule>"
                + "<TransitionDefaultMinimumObjectSize>all_storage_classes_128K</TransitionDefaultMinimumObjectSize>"
                + "</LifecycleConfiguration>";
        assertThat(TierUsage.lifecycleUse("b", noncurrent, "WARM")).as("a disabled rule may be enabled again")
                .hasValueSatisfying(use -> assertThat(use).contains("rule r2"));
    }

    @Test
    void theNameElsewhereIsNotAUse() {
        String xml = "<LifecycleConfiguration " + NS + "><Rule><ID>COLD</ID><Filter><Prefix>COLD</Prefix></Filter>"
                + "<Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>";
        assertThat(TierUsage.lifecycleUse("b", xml, "COLD")).isEmpty();
        String tagged = "<LifecycleConfiguration " + NS + "><Rule><ID>r</ID><Filter><Tag><Key>StorageClass</Key>"
                + "<Value>COLD</Value></Tag></Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration>"
                + "</Rule></LifecycleConfiguration>";
        assertThat(TierUsage.lifecycleUse("b", tagged, "COLD")).isEmpty();
    }

    @Test
    void anUnreadableConfigurationCountsAsAUseAndSaysSo() {
        assertThat(TierUsage.lifecycleUse("b", "<StorageClass>COLD</StorageClass><broken", "COLD"))
                .hasValue("the lifecycle configuration of bucket b cannot be read (replace or delete it)");
        assertThat(TierUsage.lifecycleUse("b", "<LifecycleConfiguration " + NS + "><Unknown/>"
                + "</LifecycleConfiguration>", "WARM")).isPresent();
    }
}
