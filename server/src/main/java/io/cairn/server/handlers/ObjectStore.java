package io.cairn.server.handlers;

import io.cairn.auth.ChecksumAlgorithm;
import io.cairn.auth.PayloadResult;
import io.cairn.auth.PayloadVerifier;
import io.cairn.meta.MetadataException;
import io.cairn.meta.ObjectVersion;
import io.cairn.meta.WriteResult;
import io.cairn.server.ServerContext;
import io.cairn.server.http.S3Request;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.sse.PackageFormat;
import io.cairn.server.sse.PackageSealer;
import io.cairn.server.storage.DataStore;

import javax.crypto.SecretKey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The object write path shared by PutObject and CopyObject: body into an inline buffer or a data file
 * (fsynced and renamed), then one metadata commit, then the displaced versions' data freed.
 */
final class ObjectStore {
    private static final int COPY_BUFFER = 1 << 20;

    private final ServerContext ctx;

    ObjectStore(ServerContext ctx) {
        this.ctx = ctx;
    }

    /** Content stored but not yet referenced by metadata. */
    record StoredData(String dataId, byte[] inline, long size, String etag, Map<String, String> checksums) {
    }

    /**
     * Reads the request body through its verifier and stores it: inline when small and {@code allowInline}
     * (parts always get a file, since an object references its parts by data id). With a data key the content is
     * sealed on the way (package format) and what is stored, inline or in the file, is ciphertext; size, ETag
     * (plaintext MD5) and checksums always describe the plaintext. REDUCED_REDUNDANCY data may be kept with less
     * parity.
     */
    StoredData storeBody(S3Request req, PayloadVerifier verifier, boolean allowInline, SecretKey dataKey,
                         boolean reducedRedundancy) {
        long declared = verifier.declaredLength();
        Target target = target(declared, allowInline && declared >= 0 && declared <= ctx.config().inlineThreshold(),
                dataKey, reducedRedundancy);
        return fill(target, () -> {
            PayloadResult result = RequestBodies.stream(req, verifier, target::write);
            target.finish();
            return new StoredData(target.dataId(), target.inline(), result.length(), hex(result.md5()),
                    checksums(result));
        });
    }

    /**
     * Stores {@code length} bytes of plaintext from {@code plain} (a copy source), sealed when {@code dataKey} is
     * given; inline when small and {@code allowInline}. The ETag is the plaintext's MD5.
     */
    StoredData storePlain(PlainContent plain, long length, boolean allowInline, SecretKey dataKey) {
        Target target = target(length, allowInline && length <= ctx.config().inlineThreshold(), dataKey, false);
        MessageDigest md5 = md5();
        return fill(target, () -> {
            try (plain) {
                io.netty.buffer.ByteBuf b;
                while ((b = plain.next()) != null) {
                    try {
                        ByteBuffer nio = b.nioBuffer();
                        md5.update(nio.duplicate());
                        target.write(nio);
                    } finally {
                        b.release();
                    }
                }
            }
            target.finish();
            return new StoredData(target.dataId(), target.inline(), length, hex(md5.digest()), Map.of());
        });
    }

    private interface Filling {
        StoredData run() throws IOException;
    }

    /** Runs {@code filling}; on any failure the target's partial file is removed. */
    private static StoredData fill(Target target, Filling filling) {
        try {
            return filling.run();
        } catch (IOException e) {
            target.abort();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            target.abort();
            throw e;
        }
    }

    /** Where {@code plainSize} bytes of plaintext go: an inline buffer or new data. */
    private Target target(long plainSize, boolean inline, SecretKey dataKey, boolean reducedRedundancy) {
        if (inline) {
            return new Target(null, plainSize, dataKey);
        }
        return new Target(create(dataKey == null ? plainSize : PackageFormat.sealedSize(plainSize), reducedRedundancy),
                -1, dataKey);
    }

    /**
     * Plaintext in, stored bytes (sealed when there is a data key) out to an inline array or a data file. The
     * inline array has its exact final size from the start: the plaintext length is declared (and verified) and
     * the sealed size follows from it.
     */
    private static final class Target {
        private final DataStore.Writer writer;
        private final long plainLimit;
        private final byte[] inline;
        private final PackageSealer sealer;
        private int inlinePos;
        private long plainSeen;

        Target(DataStore.Writer writer, long inlineSize, SecretKey dataKey) {
            this.writer = writer;
            this.plainLimit = inlineSize;
            this.inline = writer != null ? null
                    : new byte[(int) (dataKey == null ? inlineSize : PackageFormat.sealedSize(inlineSize))];
            this.sealer = dataKey == null ? null : new PackageSealer(dataKey, this::store);
        }

        void write(ByteBuffer plain) {
            if (inline != null) {
                plainSeen += plain.remaining();
                if (plainSeen > plainLimit) {
                    throw new S3Exception(S3Error.INCOMPLETE_BODY,
                            "The request body is longer than its declared length.");
                }
            }
            if (sealer != null) {
                sealer.update(plain);
            } else {
                store(plain);
            }
        }

        private void store(ByteBuffer b) {
            if (writer != null) {
                writer.write(b);
            } else {
                int n = b.remaining();
                b.get(inline, inlinePos, n);
                inlinePos += n;
            }
        }

        void finish() throws IOException {
            if (sealer != null) {
                sealer.finish();
            }
            if (writer != null) {
                writer.commit();
            }
        }

        void abort() {
            if (writer != null) {
                writer.abort();
            }
        }

        String dataId() {
            return writer == null ? null : writer.id();
        }

        byte[] inline() {
            return inline;
        }
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    DataStore.Writer create(long storedSize, boolean reducedRedundancy) {
        try {
            return ctx.data().create(storedSize, reducedRedundancy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Commits a version for stored data; on any failure the data is freed so nothing leaks.
     *
     * @return the version as committed, with the version id the bucket's state gave it
     */
    ObjectVersion commit(String bucket, ObjectVersion version, Predicate<Optional<ObjectVersion>> precondition) {
        WriteResult result;
        try {
            result = ctx.metadata().putObject(bucket, version, precondition);
        } catch (MetadataException e) {
            free(version);
            if (e.reason() == MetadataException.Reason.PRECONDITION_FAILED) {
                throw new S3Exception(S3Error.PRECONDITION_FAILED).detail("Condition", "If-Match");
            }
            throw Buckets.translate(e, bucket);
        } catch (RuntimeException e) {
            free(version);
            throw e;
        }
        freeAll(result.displaced());
        return result.written();
    }

    /**
     * Appends {@code [first, first + length)} of {@code source} to {@code writer}. Without a digest the kernel
     * copies plain file data; with one (UploadPartCopy needs the part's MD5) it streams through a buffer.
     */
    void copyInto(DataStore.Writer writer, ObjectVersion source, long first, long length, MessageDigest md5)
            throws IOException {
        ByteBuffer buffer = md5 == null ? null : ByteBuffer.allocate(COPY_BUFFER);
        for (ObjectContent.Segment s : ObjectContent.segments(source, first, length)) {
            if (s.inline() != null) {
                ByteBuffer b = ByteBuffer.wrap(s.inline(), (int) s.offset(), (int) s.length());
                if (md5 != null) {
                    md5.update(b.duplicate());
                }
                writer.write(b);
                continue;
            }
            try (DataStore.Blob in = ctx.data().open(s.dataId())) {
                if (md5 == null) {
                    writer.copyFrom(in, s.offset(), s.length());
                } else {
                    long pos = s.offset();
                    long end = s.offset() + s.length();
                    while (pos < end) {
                        buffer.clear().limit((int) Math.min(COPY_BUFFER, end - pos));
                        in.readFully(pos, buffer);
                        pos += buffer.position();
                        buffer.flip();
                        md5.update(buffer.duplicate());
                        writer.write(buffer);
                    }
                }
            } catch (NoSuchFileException e) {
                throw new S3Exception(S3Error.NO_SUCH_KEY, "The source object was deleted during the copy.");
            }
        }
    }

    void free(ObjectVersion v) {
        v.dataIds().forEach(ctx.data()::delete);
    }

    /**
     * Frees the local data of versions removed for good; the removing commit queued their remote copies, if any,
     * and the deleter is asked to work the queue now rather than at its next pass.
     */
    void freeAll(List<ObjectVersion> versions) {
        versions.forEach(this::free);
        if (versions.stream().anyMatch(ObjectVersion::transitioned)) {
            ctx.tiering().deleteRemoteCopiesSoon();
        }
    }

    static Map<String, String> checksums(PayloadResult result) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<ChecksumAlgorithm, String> e : result.checksums().entrySet()) {
            m.put(e.getKey().name(), e.getValue());
        }
        return m;
    }

    static String hex(byte[] md5) {
        return HexFormat.of().formatHex(md5);
    }
}
