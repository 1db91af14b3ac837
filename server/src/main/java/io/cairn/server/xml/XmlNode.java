package io.cairn.server.xml;

import java.util.ArrayList;
import java.util.List;

/** An element of a parsed request body: name (local, namespace dropped), text and child elements. */
public record XmlNode(String name, String text, List<XmlNode> children) {

    /** The first child with that name, or null. */
    public XmlNode child(String childName) {
        for (XmlNode c : children) {
            if (c.name.equals(childName)) {
                return c;
            }
        }
        return null;
    }

    /** The text of the first child with that name, or null. */
    public String childText(String childName) {
        XmlNode c = child(childName);
        return c == null ? null : c.text;
    }

    public List<XmlNode> all(String childName) {
        List<XmlNode> result = new ArrayList<>();
        for (XmlNode c : children) {
            if (c.name.equals(childName)) {
                result.add(c);
            }
        }
        return result;
    }
}
