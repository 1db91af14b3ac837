package io.cairn.server.s3;

import io.cairn.server.xml.XmlWriter;

import java.util.Map;

/** Renders an {@link S3Exception} as S3's error document. The only place error XML is made. */
public final class ErrorXml {
    private ErrorXml() {
    }

    public static byte[] render(S3Exception e, String resource, String requestId) {
        XmlWriter w = new XmlWriter().start("Error")
                .element("Code", e.code())
                .element("Message", e.getMessage());
        for (Map.Entry<String, String> d : e.details().entrySet()) {
            w.element(d.getKey(), d.getValue());
        }
        return w.element("Resource", resource)
                .element("RequestId", requestId)
                .element("HostId", requestId)
                .end().toBytes();
    }
}
