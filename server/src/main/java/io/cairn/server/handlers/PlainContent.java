package io.cairn.server.handlers;

import io.cairn.meta.ObjectVersion;
import io.cairn.server.ServerContext;
import io.cairn.server.http.BodyChunks;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.sse.PackageOpener;
import io.cairn.server.sse.SealedSource;

import javax.crypto.SecretKey;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.util.Iterator;
import java.util.List;

/**
 * The plaintext of a byte range of an object, piece by piece, for the paths that cannot send stored bytes
 * as they are: GET of encrypted objects, and copies that decrypt or encrypt. Encrypted units (the object, or
 * each part) are opened with the data key and only the packages covering the range are read; clear units are
 * read in slices. One data file is open at a time; pieces are fresh buffers the consumer may keep.
 */
final class PlainContent implements BodyChunks {
    /** Piece size: large enough that hand-offs to the network thread are few, small enough to keep 8 in flight. */
    private static final int PIECE = 256 * 1024;

    private final ServerContext ctx;
    private final SecretKey dataKey;
    private final Iterator<ObjectContent.Segment> segments;
    private FileChannel file;
    private PackageOpener.Range sealedRange;
    private long clearPos;
    private long clearEnd;
    private ObjectContent.Segment current;

    /** @param dataKey the object's data key, or null for an object stored in the clear */
    PlainContent(ServerContext ctx, ObjectVersion v, SecretKey dataKey, long first, long length) {
        this.ctx = ctx;
        this.dataKey = dataKey;
        List<ObjectContent.Segment> list = ObjectContent.segments(v, first, length);
        this.segments = list.iterator();
    }

    @Override
    public ByteBuffer next() throws IOException {
        while (true) {
            if (current != null) {
                ByteBuffer piece = dataKey != null ? sealedRange.next(PIECE) : clearSlice();
                if (piece != null) {
                    return piece;
                }
                closeFile();
                current = null;
            }
            if (!segments.hasNext()) {
                return null;
            }
            open(segments.next());
        }
    }

    private void open(ObjectContent.Segment s) throws IOException {
        current = s;
        if (s.inline() == null) {
            try {
                file = ctx.data().open(s.dataId());
            } catch (NoSuchFileException e) {
                throw new S3Exception(S3Error.NO_SUCH_KEY, "The object was deleted while being read.");
            }
        }
        if (dataKey != null) {
            SealedSource source = s.inline() != null ? SealedSource.of(s.inline()) : SealedSource.of(file);
            sealedRange = new PackageOpener(dataKey, source, s.unitSize()).range(s.offset(), s.length());
        } else {
            clearPos = s.offset();
            clearEnd = s.offset() + s.length();
        }
    }

    private ByteBuffer clearSlice() throws IOException {
        if (clearPos >= clearEnd) {
            return null;
        }
        int n = (int) Math.min(PIECE, clearEnd - clearPos);
        ByteBuffer b;
        if (current.inline() != null) {
            b = ByteBuffer.wrap(current.inline(), (int) clearPos, n).slice();
        } else {
            b = ByteBuffer.allocate(n);
            while (b.hasRemaining()) {
                if (file.read(b, clearPos + b.position()) < 0) {
                    throw new EOFException("data file shorter than its metadata");
                }
            }
            b.flip();
        }
        clearPos += n;
        return b;
    }

    private void closeFile() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            file = null;
        }
    }

    @Override
    public void close() {
        closeFile();
    }
}
