import java.security.MessageDigest;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Single-core MD5 throughput of this JDK: the ceiling of a PUT, which computes the object's MD5 (ETag).
 * Run as a single-file program: {@code java bench/tools/Md5Speed.java [seconds]}; prints "md5_mib_s=N".
 * It hashes a 64 MiB buffer repeatedly on one thread, after a short warm-up so the intrinsic is compiled.
 */
public final class Md5Speed {
    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        byte[] buf = new byte[64 << 20];
        ThreadLocalRandom.current().nextBytes(buf);
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            md5.update(buf, 0, 1 << 20);
        }
        md5.digest();
        long bytes = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now;
        do {
            md5.update(buf);
            md5.digest();
            bytes += buf.length;
            now = System.nanoTime();
        } while (now < end);
        double mibs = bytes / 1048576.0 / ((now - start) / 1e9);
        System.out.printf("md5_mib_s=%.1f%n", mibs);
    }
}
