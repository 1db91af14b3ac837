package io.cairn.server.tier;

import io.cairn.meta.ObjectVersion;
import io.cairn.meta.PartRef;
import io.cairn.server.sse.PackageFormat;
import io.cairn.server.storage.DataStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A version's content exactly as stored here, as one stream: the inline bytes, the data file, or the parts' files
 * one after the other (sealed when the object is encrypted: what a remote tier receives is never plaintext). One
 * file is open at a time. Each unit must have the size its metadata implies, so a damaged file is never shipped.
 */
final class StoredContent extends InputStream {
    private final DataStore data;
    private final ObjectVersion v;
    private final List<Long> unitSizes;
    private int unit = -1;
    private DataStore.Blob file;
    private long pos;
    private long unitEnd;

    StoredContent(DataStore data, ObjectVersion v) {
        this.data = data;
        this.v = v;
        this.unitSizes = unitSizes(v);
    }

    /** The stored size of each unit: the whole object, or each part in order. */
    static List<Long> unitSizes(ObjectVersion v) {
        List<Long> sizes = new ArrayList<>();
        if (!v.isMultipart()) {
            sizes.add(v.inline() != null ? v.inline().length : stored(v, v.size()));
        } else {
            for (PartRef p : v.parts()) {
                sizes.add(stored(v, p.size()));
            }
        }
        return sizes;
    }

    private static long stored(ObjectVersion v, long plainSize) {
        return v.encrypted() ? PackageFormat.sealedSize(plainSize) : plainSize;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (unit < 0 || pos >= unitEnd) {
            if (!nextUnit()) {
                return -1;
            }
        }
        int n = (int) Math.min(len, unitEnd - pos);
        if (v.inline() != null) {
            System.arraycopy(v.inline(), (int) pos, b, off, n);
        } else {
            file.readFully(pos, ByteBuffer.wrap(b, off, n));
        }
        pos += n;
        return n;
    }

    private boolean nextUnit() throws IOException {
        closeFile();
        if (++unit >= unitSizes.size()) {
            return false;
        }
        pos = 0;
        unitEnd = unitSizes.get(unit);
        if (v.inline() == null) {
            file = data.open(v.isMultipart() ? v.parts().get(unit).dataId() : v.dataId());
            if (file.size() != unitEnd) {
                throw new IOException("data file of " + v.key() + " has " + file.size() + " bytes, its metadata "
                        + "says " + unitEnd);
            }
        }
        return true;
    }

    private void closeFile() throws IOException {
        if (file != null) {
            file.close();
            file = null;
        }
    }

    @Override
    public void close() throws IOException {
        closeFile();
    }
}
