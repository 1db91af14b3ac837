package io.cairn.server.s3;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class TagSetsTest {

    private static Map<String, String> xml(String doc, TagSets.Scope scope) {
        return TagSets.fromXml(doc.getBytes(StandardCharsets.UTF_8), scope);
    }

    private static String tagging(String... keyValues) {
        StringBuilder sb = new StringBuilder("<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet>");
        for (int i = 0; i < keyValues.length; i += 2) {
            sb.append("<Tag><Key>").append(keyValues[i]).append("</Key><Value>").append(keyValues[i + 1])
                    .append("</Value></Tag>");
        }
        return sb.append("</TagSet></Tagging>").toString();
    }

    private static void refused(Runnable r, String code, String message) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            if (message != null) {
                assertThat(e.getMessage()).isEqualTo(message);
            }
        });
    }

    @Test
    void documentKeepsOrderExactTextAndEmptyValues() {
        Map<String, String> tags = xml(tagging("zeta", " spaced value ", "alpha", "", "b c+d-e=f.g_h:i/j@k", "ünï 文"),
                TagSets.Scope.OBJECT);
        assertThat(tags).containsExactly(entry("zeta", " spaced value "), entry("alpha", ""),
                entry("b c+d-e=f.g_h:i/j@k", "ünï 文"));
        assertThat(xml("<Tagging><TagSet/></Tagging>", TagSets.Scope.OBJECT)).isEmpty();
        assertThat(new String(TagSets.toXml(tags), StandardCharsets.UTF_8)).isEqualTo(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                        + "<TagSet><Tag><Key>zeta</Key><Value> spaced value </Value></Tag>"
                        + "<Tag><Key>alpha</Key><Value></Value></Tag>"
                        + "<Tag><Key>b c+d-e=f.g_h:i/j@k</Key><Value>ünï 文</Value></Tag></TagSet></Tagging>");
    }

    @Test
    void countLimitsAreTenForObjectsAndFiftyForBuckets() {
        String[] ten = new String[20];
        String[] eleven = new String[22];
        for (int i = 0; i < 11; i++) {
            if (i < 10) {
                ten[2 * i] = "k" + i;
                ten[2 * i + 1] = "v";
            }
            eleven[2 * i] = "k" + i;
            eleven[2 * i + 1] = "v";
        }
        assertThat(xml(tagging(ten), TagSets.Scope.OBJECT)).hasSize(10);
        refused(() -> xml(tagging(eleven), TagSets.Scope.OBJECT), "BadRequest",
                "Object tags cannot be greater than 10");
        assertThat(xml(tagging(eleven), TagSets.Scope.BUCKET)).hasSize(11);
        String[] fiftyOne = new String[102];
        for (int i = 0; i < 51; i++) {
            fiftyOne[2 * i] = "k" + i;
            fiftyOne[2 * i + 1] = "";
        }
        refused(() -> xml(tagging(fiftyOne), TagSets.Scope.BUCKET), "BadRequest",
                "Bucket tag count cannot be greater than 50");
    }

    @Test
    void keyAndValueLengthsCountUtf16Units() {
        String key128 = "k".repeat(128);
        String value256 = "v".repeat(256);
        assertThat(xml(tagging(key128, value256), TagSets.Scope.OBJECT)).containsEntry(key128, value256);
        refused(() -> xml(tagging(key128 + "k", ""), TagSets.Scope.OBJECT), "InvalidTag",
                "The TagKey you have provided is invalid");
        refused(() -> xml(tagging("k", value256 + "v"), TagSets.Scope.OBJECT), "InvalidTag",
                "The TagValue you have provided is invalid");
        // A letter outside the BMP is two UTF-16 units: 64 of them fill a key.
        String astral = "𝒜".repeat(64);
        assertThat(xml(tagging(astral, ""), TagSets.Scope.OBJECT)).containsKey(astral);
        refused(() -> xml(tagging(astral + "a", ""), TagSets.Scope.OBJECT), "InvalidTag", null);
        refused(() -> xml(tagging("", "v"), TagSets.Scope.OBJECT), "InvalidTag",
                "The TagKey you have provided is invalid");
    }

    @Test
    void charactersOutsideLettersDigitsSpacesAndTheSymbolsAreRefused() {
        for (String bad : new String[]{"a,b", "a;b", "a?b", "a!b", "a*b", "a#b", "a%b", "a(b)", "a\tb", "😀",
                "a&amp;b", "a&lt;b"}) {
            refused(() -> xml(tagging(bad, "v"), TagSets.Scope.OBJECT), "InvalidTag",
                    "The TagKey you have provided is invalid");
            refused(() -> xml(tagging("k", bad), TagSets.Scope.OBJECT), "InvalidTag",
                    "The TagValue you have provided is invalid");
        }
    }

    @Test
    void duplicateKeysAndSystemPrefixAreRefused() {
        refused(() -> xml(tagging("a", "1", "a", "2"), TagSets.Scope.OBJECT), "InvalidTag",
                "Cannot provide multiple Tags with the same key");
        for (String key : new String[]{"aws:cost", "AWS:cost", "Aws:x"}) {
            refused(() -> xml(tagging(key, "v"), TagSets.Scope.BUCKET), "InvalidTag",
                    "System tags cannot be added/updated by requester");
        }
        assertThat(xml(tagging("aws-ish", "v", "myaws:x", "v"), TagSets.Scope.OBJECT)).hasSize(2);
    }

    @Test
    void malformedDocumentsAreMalformedXml() {
        for (String bad : new String[]{"", "<Tagging><TagSet>", "<Tagging></Tagging>", "<Tags><TagSet/></Tags>",
                "<Tagging><TagSet><Tag><Key>a</Key></Tag></TagSet></Tagging>",
                "<Tagging><TagSet><Tag><Value>a</Value></Tag></TagSet></Tagging>",
                "<Tagging><TagSet/><TagSet/></Tagging>"}) {
            refused(() -> xml(bad, TagSets.Scope.OBJECT), "MalformedXML", null);
        }
    }

    @Test
    void headerIsUrlQueryForm() {
        assertThat(TagSets.fromHeader(null)).isEmpty();
        assertThat(TagSets.fromHeader("")).isEmpty();
        assertThat(TagSets.fromHeader("a=1&b=2")).containsExactly(entry("a", "1"), entry("b", "2"));
        assertThat(TagSets.fromHeader("b&a=")).containsExactly(entry("b", ""), entry("a", ""));
        assertThat(TagSets.fromHeader("a%20b=c%2Bd&e+f=x%3Dy&&")).containsExactly(entry("a b", "c+d"),
                entry("e f", "x=y"));
        assertThat(TagSets.fromHeader("%C3%BC=%E6%96%87")).containsExactly(entry("ü", "文"));
    }

    @Test
    void headerThatIsNotQueryFormIsInvalidArgument() {
        String message = "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters "
                + "without tag name duplicates.";
        for (String bad : new String[]{"a=1&a=2", "=1", "a=%FF", "a=%zz", "a=%", "TagSet=[{Key=a,Value=b}]",
                "a=%01"}) {
            assertThatThrownBy(() -> TagSets.fromHeader(bad)).as(bad).isInstanceOfSatisfying(S3Exception.class, e -> {
                assertThat(e.code()).isEqualTo("InvalidArgument");
                assertThat(e.getMessage()).isEqualTo(message);
                assertThat(e.details()).containsEntry("ArgumentName", "x-amz-tagging")
                        .containsEntry("ArgumentValue", bad);
            });
        }
    }

    @Test
    void headerTagsFollowTheObjectRules() {
        StringBuilder eleven = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            eleven.append(i == 0 ? "" : "&").append("k").append(i).append('=');
        }
        refused(() -> TagSets.fromHeader(eleven.toString()), "BadRequest", "Object tags cannot be greater than 10");
        refused(() -> TagSets.fromHeader("a%2Cb=1"), "InvalidTag", "The TagKey you have provided is invalid");
        refused(() -> TagSets.fromHeader("aws%3Acost=1"), "InvalidTag",
                "System tags cannot be added/updated by requester");
        refused(() -> TagSets.fromHeader("k=" + "v".repeat(257)), "InvalidTag",
                "The TagValue you have provided is invalid");
    }
}
