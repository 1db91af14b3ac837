package io.cairn.server.handlers;

import io.cairn.server.tier.TierState;
import io.cairn.tiering.remote.RemoteTier;
import io.cairn.tiering.remote.TierException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * The stored units of a version whose content is only on a remote tier: each unit is a stretch of the remote object
 * ({@link TierState#unitStart}), read through one streamed ranged request over the bytes the caller said it needs.
 * A read outside that window (the sealed stream's header, when the range starts further in) is one small request
 * of its own. Nothing is buffered beyond what the caller asks for.
 */
final class RemoteUnits implements StoredUnits {
    private final RemoteTier tier;
    private final TierState state;

    RemoteUnits(RemoteTier tier, TierState state) {
        this.tier = tier;
        this.state = state;
    }

    @Override
    public Unit open(ObjectContent.Segment s, long from, long to) {
        return new RemoteUnit(state.unitStart(s.unit()), from, to);
    }

    private final class RemoteUnit implements Unit {
        private final long start;
        private final long from;
        private final long to;
        private InputStream stream;
        private long streamPos;

        RemoteUnit(long start, long from, long to) {
            this.start = start;
            this.from = from;
            this.to = to;
        }

        @Override
        public void readFully(long position, ByteBuffer dst) throws IOException {
            int length = dst.remaining();
            if (position < from || position + length > to) {
                try (InputStream once = get(position, length)) {
                    fill(once, dst);
                }
                return;
            }
            if (stream == null || streamPos != position) {
                close();
                stream = get(position, to - position);
                streamPos = position;
            }
            fill(stream, dst);
            streamPos += length;
        }

        private InputStream get(long position, long length) throws RemoteReadException {
            try {
                return tier.get(state.remoteKey(), start + position, length);
            } catch (TierException e) {
                throw new RemoteReadException(state.tier(), e.getMessage(), e);
            }
        }

        private void fill(InputStream in, ByteBuffer dst) throws IOException {
            byte[] array = dst.hasArray() ? dst.array() : new byte[dst.remaining()];
            int base = dst.hasArray() ? dst.arrayOffset() + dst.position() : 0;
            int wanted = dst.remaining();
            int done = 0;
            while (done < wanted) {
                int n;
                try {
                    n = in.read(array, base + done, wanted - done);
                } catch (IOException e) {
                    throw new RemoteReadException(state.tier(), e.toString(), e);
                }
                if (n < 0) {
                    throw new EOFException("remote copy of tier " + state.tier() + " shorter than recorded");
                }
                done += n;
            }
            if (dst.hasArray()) {
                dst.position(dst.position() + wanted);
            } else {
                dst.put(array, 0, wanted);
            }
        }

        @Override
        public void close() {
            if (stream != null) {
                InputStream s = stream;
                stream = null;
                try {
                    s.close();
                } catch (IOException ignored) {
                    // A read-only stream: closing early may abort the request, and nothing is lost.
                }
            }
        }
    }
}
