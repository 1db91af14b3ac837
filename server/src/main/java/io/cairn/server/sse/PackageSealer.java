package io.cairn.server.sse;

import javax.crypto.SecretKey;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Encrypts a plaintext stream into the package format while it streams: at most one package of plaintext is
 * held. A full package is sealed only when more data arrives, because whether it is the final one (part of its
 * authenticated data) is known only then or at {@link #finish()}.
 *
 * <p>Sealed bytes go to {@code sink} synchronously in a buffer that is reused afterwards: the sink must consume
 * (write or copy) them before returning, as {@code DataStore.Writer.write} does.
 */
public final class PackageSealer {
    private final SecretKey key;
    private final Consumer<ByteBuffer> sink;
    private final byte[] header = new byte[PackageFormat.HEADER_SIZE];
    private final byte[] plain = new byte[PackageFormat.PACKAGE_SIZE];
    private final byte[] sealed = new byte[PackageFormat.SEALED_PACKAGE_SIZE];
    private int filled;
    private long index;
    private long plainTotal;
    private boolean finished;

    public PackageSealer(SecretKey key, Consumer<ByteBuffer> sink) {
        this.key = key;
        this.sink = sink;
        System.arraycopy(PackageFormat.MAGIC, 0, header, 0, PackageFormat.MAGIC.length);
        byte[] base = Gcm.randomBytes(PackageFormat.NONCE_SIZE);
        System.arraycopy(base, 0, header, PackageFormat.MAGIC.length, base.length);
        sink.accept(ByteBuffer.wrap(header.clone()));
    }

    /** Consumes all of {@code src}. */
    public void update(ByteBuffer src) {
        if (finished) {
            throw new IllegalStateException("finished");
        }
        while (src.hasRemaining()) {
            if (filled == plain.length) {
                // More data follows, so the held package is not the last one.
                seal(false);
            }
            int n = Math.min(src.remaining(), plain.length - filled);
            src.get(plain, filled, n);
            filled += n;
            plainTotal += n;
        }
    }

    /** Seals the held package as the final one. @return plaintext bytes consumed in all */
    public long finish() {
        if (!finished) {
            seal(true);
            finished = true;
        }
        return plainTotal;
    }

    private void seal(boolean last) {
        int n = Gcm.local().seal(key, PackageFormat.nonce(header, index), PackageFormat.aad(header, index, last),
                plain, 0, filled, sealed, 0);
        sink.accept(ByteBuffer.wrap(sealed, 0, n));
        index++;
        filled = 0;
    }
}
