package io.cairn.bench.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XmlTest {
    private static final String LISTING = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult><Name>b</Name><KeyCount>2</KeyCount><IsTruncated>true</IsTruncated>
            <NextContinuationToken>abc&amp;def</NextContinuationToken>
            <Contents><Key>a&lt;1&gt;</Key><Size>3</Size></Contents>
            <Contents><Key>caf&#233; &#x263A;</Key><Size>4</Size></Contents>
            </ListBucketResult>""";

    @Test
    void firstAndAllUnescape() {
        assertThat(Xml.first(LISTING, "KeyCount")).isEqualTo("2");
        assertThat(Xml.first(LISTING, "NextContinuationToken")).isEqualTo("abc&def");
        assertThat(Xml.first(LISTING, "Missing")).isNull();
        assertThat(Xml.all(LISTING, "Key")).containsExactly("a<1>", "café ☺");
        assertThat(Xml.blocks(LISTING, "Contents")).hasSize(2).first().asString().contains("&lt;");
    }

    @Test
    void escapeRoundTrips() {
        String key = "a&b<c>\"d'e";
        assertThat(Xml.escape(key)).isEqualTo("a&amp;b&lt;c&gt;&quot;d&apos;e");
        assertThat(Xml.unescape(Xml.escape(key))).isEqualTo(key);
        assertThat(Xml.unescape("a & b")).isEqualTo("a & b");
    }
}
