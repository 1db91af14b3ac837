import io.cairn.server.sse.PackageOpener;
import io.cairn.server.sse.PackageSealer;
import io.cairn.server.sse.SealedSource;

import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Single-core throughput of Cairn's SSE package cipher (AES-256-GCM in 64 KiB packages): what sealing a PUT
 * body and opening a GET body cost, without any I/O. Run with the server's classes on the class path:
 * {@code java -cp server/target/classes bench/tools/SseCipherSpeed.java [seconds]}; prints
 * "seal_mib_s=N open_mib_s=M".
 */
public final class SseCipherSpeed {
    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        byte[] key = new byte[32];
        ThreadLocalRandom.current().nextBytes(key);
        SecretKeySpec k = new SecretKeySpec(key, "AES");
        byte[] plain = new byte[16 << 20];
        ThreadLocalRandom.current().nextBytes(plain);
        byte[][] sealed = new byte[1][];
        Runnable seal = () -> {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(plain.length + (plain.length >> 10));
            PackageSealer s = new PackageSealer(k, b -> out.write(b.array(), b.arrayOffset() + b.position(),
                    b.remaining()));
            s.update(ByteBuffer.wrap(plain));
            s.finish();
            sealed[0] = out.toByteArray();
        };
        Runnable open = () -> {
            try {
                PackageOpener.Range r = new PackageOpener(k, SealedSource.of(sealed[0]), plain.length)
                        .range(0, plain.length);
                while (r.next() != null) {
                    // consumed
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        };
        double sealRate = rate(seal, plain.length, seconds);
        double openRate = rate(open, plain.length, seconds);
        System.out.printf("seal_mib_s=%.0f open_mib_s=%.0f%n", sealRate, openRate);
    }

    private static double rate(Runnable r, long bytesPerRun, double seconds) {
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            r.run();
        }
        long bytes = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now;
        do {
            r.run();
            bytes += bytesPerRun;
            now = System.nanoTime();
        } while (now < end);
        return bytes / 1048576.0 / ((now - start) / 1e9);
    }
}
