package io.cairn.server.handlers;

import io.cairn.meta.ObjectVersion;
import io.cairn.server.ServerContext;
import io.cairn.server.http.BodyChunks;
import io.cairn.server.http.LeasedFileRegion;
import io.cairn.server.sse.PackageFormat;
import io.cairn.server.sse.PackageOpener;
import io.cairn.server.storage.DataStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.FileRegion;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The plaintext of a byte range of an object, piece by piece, for the paths that cannot send stored bytes
 * as they are: GET of encrypted or remote content, and copies that decrypt or encrypt. Encrypted units (the object,
 * or each part) are opened with the data key and only the packages covering the range are read; clear units are
 * read in slices. One unit is open at a time (a data file, or a stream from the remote tier). Pieces are pooled
 * buffers: heap for decrypted pieces (decryption into a heap array is the JDK's fastest AES-GCM path), direct for
 * clear ones; pooling spares allocating and zeroing one per piece. For sending, clear bytes of erasure-coded data
 * come as checked slices of their shard files instead ({@link #nextToSend}).
 */
final class PlainContent implements BodyChunks {
    /** Piece size: large enough that hand-offs to the network thread are few, small enough to keep 8 in flight. */
    private static final int PIECE = 256 * 1024;
    /** Bytes of file regions per piece: they take no memory, so more of them per hand-off costs nothing. */
    private static final int REGIONS = 1024 * 1024;

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
        return (ByteBuf) piece(false);
    }

    /**
     * The next piece to send: like {@link #next()}, but clear bytes the store can point to in a file, checked, come
     * as a {@link LeasedFileRegion} to be sent from there.
     */
    Object nextToSend() throws IOException {
        return piece(true);
    }

    private Object piece(boolean fileRegions) throws IOException {
        while (true) {
            if (current != null) {
                Object piece = dataKey != null ? sealedPiece() : clearPiece(fileRegions);
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

    private Object clearPiece(boolean fileRegions) throws IOException {
        if (clearPos >= clearEnd) {
            return null;
        }
        if (fileRegions && current.inline() == null) {
            List<FileRegion> regions = checkedRegions();
            if (!regions.isEmpty()) {
                return regions.size() == 1 ? regions.getFirst() : regions;
            }
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

    /**
     * Checked slices of stored files for the next bytes, up to {@link #REGIONS} bytes: one hand-off to the network
     * thread for several of them (an erasure-coded block is one slice per data shard), where one each cost a fifth of
     * the throughput of 64 MiB GETs.
     */
    private List<FileRegion> checkedRegions() throws IOException {
        List<FileRegion> regions = new ArrayList<>(4);
        long batched = 0;
        try {
            while (clearPos < clearEnd && batched < REGIONS) {
                int n = unit.nextRead(clearPos, (int) Math.min(PIECE, clearEnd - clearPos));
                DataStore.FileSlice slice = unit.verifiedSlice(clearPos, n);
                if (slice == null) {
                    break;
                }
                regions.add(new LeasedFileRegion(slice.channel(), slice.position(), slice.length(), slice.release()));
                clearPos += slice.length();
                batched += slice.length();
            }
        } catch (IOException | RuntimeException e) {
            BodyChunks.release(regions);
            throw e;
        }
        return regions;
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
