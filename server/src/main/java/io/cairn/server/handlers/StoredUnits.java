package io.cairn.server.handlers;

import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.sse.SealedSource;
import io.cairn.server.storage.DataStore;

import java.io.IOException;
import java.nio.file.NoSuchFileException;

/**
 * Where {@link PlainContent} reads the stored bytes of a unit (the object, or one part): this server's inline
 * records and data files, or a remote tier ({@link RemoteUnits}).
 */
interface StoredUnits {

    /**
     * Opens the stored bytes of {@code s}'s unit. {@code [from, to)} are the stored bytes the caller is going to
     * read, in order; reads elsewhere work too, but may cost a remote request each.
     */
    Unit open(ObjectContent.Segment s, long from, long to) throws IOException;

    /** Random access to one unit's stored bytes; close releases what it holds. */
    interface Unit extends SealedSource, AutoCloseable {
        @Override
        void close() throws IOException;

        /** See {@link DataStore.Blob#nextRead}. */
        default int nextRead(long position, int max) {
            return max;
        }

        /** See {@link DataStore.Blob#verifiedSlice}. */
        default DataStore.FileSlice verifiedSlice(long position, int max) throws IOException {
            return null;
        }
    }

    static StoredUnits local(DataStore data) {
        return (s, from, to) -> {
            if (s.inline() != null) {
                SealedSource bytes = SealedSource.of(s.inline());
                return new Unit() {
                    @Override
                    public void readFully(long position, java.nio.ByteBuffer dst) throws IOException {
                        bytes.readFully(position, dst);
                    }

                    @Override
                    public void close() {
                    }
                };
            }
            DataStore.Blob blob;
            try {
                blob = data.open(s.dataId());
            } catch (NoSuchFileException e) {
                throw new S3Exception(S3Error.NO_SUCH_KEY, "The object was deleted while being read.");
            }
            return new Unit() {
                @Override
                public void readFully(long position, java.nio.ByteBuffer dst) throws IOException {
                    blob.readFully(position, dst);
                }

                @Override
                public int nextRead(long position, int max) {
                    return blob.nextRead(position, max);
                }

                @Override
                public DataStore.FileSlice verifiedSlice(long position, int max) throws IOException {
                    return blob.verifiedSlice(position, max);
                }

                @Override
                public void close() throws IOException {
                    blob.close();
                }
            };
        };
    }
}
