package io.cairn.server.handlers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.meta.MetadataException;
import io.cairn.server.http.S3Request;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.storage.DriveSet;
import io.cairn.server.storage.Healer;
import io.cairn.server.storage.Storage;

import java.util.List;

/**
 * The heal admin API (JSON, root signature required): {@code POST heal[?bucket=B[&prefix=P]]} checks every shard
 * of the objects (all, a bucket's, or those under a prefix) and rewrites missing or damaged ones, answering when
 * done with the counts; {@code GET heal} shows the drives and the healer's counters.
 */
final class HealAdmin {
    static final String PATH = "heal";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Storage storage;

    HealAdmin(Storage storage) {
        this.storage = storage;
    }

    String handle(S3Request req) {
        Healer healer = storage.healer();
        DriveSet drives = storage.drives();
        if (healer == null || drives == null) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "This server stores plain files on one drive; healing "
                    + "applies to erasure sets of several drives.");
        }
        return switch (req.method()) {
            case "POST" -> heal(req, healer);
            case "GET" -> status(drives, healer);
            default -> throw new S3Exception(S3Error.METHOD_NOT_ALLOWED);
        };
    }

    private static String heal(S3Request req, Healer healer) {
        String bucket = req.param("bucket");
        String prefix = req.param("prefix");
        if (prefix != null && bucket == null) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "A prefix needs a bucket.");
        }
        Healer.Report r;
        try {
            r = healer.heal(bucket, prefix);
        } catch (MetadataException e) {
            throw Buckets.translate(e, bucket);
        }
        return json(r);
    }

    private record DriveState(String path, boolean online) {
    }

    private record Status(List<DriveState> drives, long checked, long healed, long shardsWritten, long failed,
                          int pending) {
    }

    private static String status(DriveSet drives, Healer healer) {
        List<DriveState> states = drives.drives().stream()
                .map(d -> new DriveState(d.root().toString(), d.online())).toList();
        return json(new Status(states, healer.checked(), healer.healed(), healer.shardsWritten(), healer.failed(),
                healer.pending()));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
