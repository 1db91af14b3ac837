package io.cairn.server.xml;

import io.cairn.server.s3.S3Exception;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XmlParserTest {

    private static XmlNode parse(String xml, String root) {
        return XmlParser.parse(xml.getBytes(StandardCharsets.UTF_8), root);
    }

    @Test
    void parsesNamespacedDocumentsAndKeepsLeafTextExact() {
        XmlNode d = parse("<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>"
                + "<Object><Key> spaced key </Key></Object><Object><Key>a&amp;b</Key></Object></Delete>", "Delete");
        assertThat(d.childText("Quiet")).isEqualTo("true");
        assertThat(d.all("Object")).extracting(o -> o.childText("Key")).containsExactly(" spaced key ", "a&b");
    }

    @Test
    void malformedWrongRootAndEmptyAreMalformedXml() {
        for (String bad : new String[]{"", "<Delete>", "<Delete></Other>", "not xml", "<Other/>",
                "<Delete/><Delete/>"}) {
            assertThatThrownBy(() -> parse(bad, "Delete")).as(bad)
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo("MalformedXML"));
        }
    }

    @Test
    void refusesDtdsAndExternalEntities() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Delete><Object><Key>&x;</Key></Object></Delete>";
        assertThatThrownBy(() -> parse(xxe, "Delete")).isInstanceOf(S3Exception.class);
    }

    @Test
    void capsNestingDepth() {
        String deep = "<a>".repeat(100) + "</a>".repeat(100);
        assertThatThrownBy(() -> parse(deep, "a")).isInstanceOf(S3Exception.class);
    }
}
