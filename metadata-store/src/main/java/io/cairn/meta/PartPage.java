package io.cairn.meta;

import java.util.List;

/** A page of ListParts; {@code nextPartNumberMarker} is the last part number returned (0 when none). */
public record PartPage(List<PartRecord> parts, boolean truncated, int nextPartNumberMarker) {
}
