package io.cairn.server.handlers;

import io.cairn.meta.ObjectVersion;
import io.cairn.server.ServerContext;
import io.cairn.server.http.BodyChunks;
import io.cairn.server.sse.PackageFormat;
import io.cairn.server.sse.PackageOpener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * The plaintext of a byte range of an object, piece by piece, for the paths that cannot send stored bytes
 * as they are: GET of encrypted or remote content, and copies that decrypt or encrypt. Encrypted units (the object,
 * or each part) are opened with the data key and only the packages covering the range are read; clear units are
 * read in slices. One unit is open at a time (a data file, or a stream from the remote tier). Pieces are pooled
 * buffers: heap for decrypted pieces (decryption into a heap array is the JDK's fastest AES-GCM path), direct for
 * clear ones; pooling spares allocating and zeroing one per piece.
 */
final class PlainContent implements BodyChunks {
    /** Piece size: large enough that hand-offs to the network thread are few, small enough to keep 8 in flight. */
    private static final int PIECE = 256 * 1024;

    private final StoredUnits units;
    private final SecretKey dataKey;
    private final Iterator<ObjectContent.Segment> segments;
    private StoredUnits.Unit unit;
    private PackageOpener.Range sealedRange;
    private long clearPos;
    private long clearEnd;
    private ObjectContent.Segment current;

    /** @param dataKey the object's data key, or null for an object stored in the clear */
    PlainContent(ServerContext ctx, ObjectVersion v, SecretKey dataKey, long first, long length) {
        this(StoredUnits.local(ctx.data()), v, dataKey, first, length);
    }

    /** Reading the stored units through {@code units} (local files, or a remote tier). */
    PlainContent(StoredUnits units, ObjectVersion v, SecretKey dataKey, long first, long length) {
        this.units = units;
        this.dataKey = dataKey;
        this.segments = ObjectContent.segments(v, first, length).iterator();
    }

    @Override
    public ByteBuf next() throws IOException {
        while (true) {
            if (current != null) {
                ByteBuf piece = dataKey != null ? sealedPiece() : clearPiece();
                if (piece != null) {
                    return piece;
                }
                closeUnit();
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
        if (dataKey != null) {
            long[] span = PackageFormat.storedSpan(s.offset(), s.length(), s.unitSize());
            unit = units.open(s, span[0], span[1]);
            sealedRange = new PackageOpener(dataKey, unit, s.unitSize()).range(s.offset(), s.length());
        } else {
            if (s.inline() == null) {
                unit = units.open(s, s.offset(), s.offset() + s.length());
            }
            clearPos = s.offset();
            clearEnd = s.offset() + s.length();
        }
    }

    private ByteBuf sealedPiece() throws IOException {
        if (sealedRange.done()) {
            return null;
        }
        ByteBuf buf = ByteBufAllocator.DEFAULT.heapBuffer(PIECE, PIECE);
        try {
            int n = sealedRange.read(buf.array(), buf.arrayOffset(), PIECE);
            buf.writerIndex(n);
            return buf;
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    private ByteBuf clearPiece() throws IOException {
        if (clearPos >= clearEnd) {
            return null;
        }
        int n = (int) Math.min(PIECE, clearEnd - clearPos);
        if (current.inline() == null) {
            n = unit.nextRead(clearPos, n);
        }
        if (current.inline() != null) {
            ByteBuf b = Unpooled.wrappedBuffer(current.inline(), (int) clearPos, n);
            clearPos += n;
            return b;
        }
        // Direct: clear bytes go to the socket as they are, without the copy a heap buffer would cost there.
        ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(n, n);
        try {
            unit.readFully(clearPos, buf.nioBuffer(0, n));
            buf.writerIndex(n);
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw e;
        }
        clearPos += n;
        return buf;
    }

    private void closeUnit() {
        if (unit != null) {
            try {
                unit.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                unit = null;
            }
        }
    }

    @Override
    public void close() {
        closeUnit();
    }
}
