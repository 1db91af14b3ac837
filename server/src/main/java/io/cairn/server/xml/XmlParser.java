package io.cairn.server.xml;

import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;

/**
 * Parses the small XML bodies clients send (CreateBucketConfiguration, Delete, ...) into {@link XmlNode}s.
 * Client XML is untrusted: DTDs and external entities are off, and depth is capped.
 */
public final class XmlParser {
    private static final int MAX_DEPTH = 16;
    private static final XMLInputFactory FACTORY = newFactory();

    private XmlParser() {
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    /**
     * Parses a document whose root element must be {@code expectedRoot}.
     *
     * @throws S3Exception MalformedXML for anything not well-formed, empty, or with another root
     */
    public static XmlNode parse(byte[] body, String expectedRoot) {
        XmlNode root = parse(body);
        if (!root.name().equals(expectedRoot)) {
            throw new S3Exception(S3Error.MALFORMED_XML);
        }
        return root;
    }

    public static XmlNode parse(byte[] body) {
        if (body.length == 0) {
            throw new S3Exception(S3Error.MALFORMED_XML);
        }
        XMLStreamReader r = null;
        try {
            r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
            Deque<Builder> stack = new ArrayDeque<>();
            XmlNode root = null;
            while (r.hasNext()) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (stack.size() >= MAX_DEPTH || root != null) {
                            throw new S3Exception(S3Error.MALFORMED_XML);
                        }
                        stack.push(new Builder(r.getLocalName()));
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                        if (!stack.isEmpty()) {
                            stack.peek().text.append(r.getText());
                        } else if (!r.isWhiteSpace()) {
                            throw new S3Exception(S3Error.MALFORMED_XML);
                        }
                    }
                    case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE ->
                            throw new S3Exception(S3Error.MALFORMED_XML);
                    case XMLStreamConstants.END_ELEMENT -> {
                        XmlNode node = stack.pop().build();
                        if (stack.isEmpty()) {
                            root = node;
                        } else {
                            stack.peek().children.add(node);
                        }
                    }
                    default -> {
                    }
                }
            }
            if (root == null) {
                throw new S3Exception(S3Error.MALFORMED_XML);
            }
            return root;
        } catch (XMLStreamException | RuntimeException e) {
            if (e instanceof S3Exception s3) {
                throw s3;
            }
            throw new S3Exception(S3Error.MALFORMED_XML);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing left to release
                }
            }
        }
    }

    private static final class Builder {
        final String name;
        final StringBuilder text = new StringBuilder();
        final ArrayList<XmlNode> children = new ArrayList<>();

        Builder(String name) {
            this.name = name;
        }

        XmlNode build() {
            // Leaf text stays exact (object keys may start or end with spaces); mixed-content whitespace goes.
            return new XmlNode(name, children.isEmpty() ? text.toString() : "", children);
        }
    }
}
