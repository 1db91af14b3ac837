package io.cairn.server.handlers;

import io.cairn.meta.ObjectVersion;
import io.cairn.server.ServerContext;
import io.cairn.server.http.BodyChunks;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.sse.PackageOpener;
import io.cairn.server.sse.SealedSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

import javax.crypto.SecretKey;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.util.Iterator;

/**
 * The plaintext of a byte range of an object, piece by piece, for the paths that cannot send stored bytes
 * as they are: GET of encrypted objects, and copies that decrypt or encrypt. Encrypted units (the object, or
 * each part) are opened with the data key and only the packages covering the range are read; clear units are
 * read in slices. One data file is open at a time. Pieces are pooled heap buffers (decryption into a heap
 * array is the JDK's fastest AES-GCM path; pooling spares allocating and zeroing one per piece).
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
        if (current.inline() != null) {
            ByteBuf b = Unpooled.wrappedBuffer(current.inline(), (int) clearPos, n);
            clearPos += n;
            return b;
        }
        ByteBuf buf = ByteBufAllocator.DEFAULT.heapBuffer(n, n);
        try {
            while (buf.isWritable()) {
                if (buf.writeBytes(file, clearPos + buf.writerIndex(), buf.writableBytes()) < 0) {
                    throw new EOFException("data file shorter than its metadata");
                }
            }
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw e;
        }
        clearPos += n;
        return buf;
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
