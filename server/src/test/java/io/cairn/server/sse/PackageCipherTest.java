package io.cairn.server.sse;

import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

import static io.cairn.server.sse.PackageFormat.PACKAGE_SIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PackageCipherTest {
    private static final SecretKey KEY = Gcm.key(Gcm.randomBytes(32));

    private static byte[] plaintext(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    /** Seals in irregular writes, as a network body arrives. */
    static byte[] seal(SecretKey key, byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PackageSealer s = new PackageSealer(key, b -> {
            byte[] tmp = new byte[b.remaining()];
            b.get(tmp);
            out.writeBytes(tmp);
        });
        Random r = new Random(7);
        int pos = 0;
        while (pos < plain.length) {
            int n = Math.min(plain.length - pos, 1 + r.nextInt(100_000));
            s.update(ByteBuffer.wrap(plain, pos, n));
            pos += n;
        }
        assertThat(s.finish()).isEqualTo(plain.length);
        return out.toByteArray();
    }

    static byte[] open(SecretKey key, byte[] sealed, long plainSize, long first, long length) throws IOException {
        PackageOpener.Range range = new PackageOpener(key, SealedSource.of(sealed), plainSize).range(first, length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer b;
        while ((b = range.next()) != null) {
            assertThat(b.remaining()).isLessThanOrEqualTo(PACKAGE_SIZE);
            byte[] tmp = new byte[b.remaining()];
            b.get(tmp);
            out.writeBytes(tmp);
        }
        return out.toByteArray();
    }

    private static byte[] openInPieces(byte[] sealed, long plainSize, long first, long length, int piece)
            throws IOException {
        PackageOpener.Range range = new PackageOpener(KEY, SealedSource.of(sealed), plainSize).range(first, length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer b;
        while ((b = range.next(piece)) != null) {
            assertThat(b.remaining()).isPositive().isLessThanOrEqualTo(Math.max(piece, PACKAGE_SIZE));
            byte[] tmp = new byte[b.remaining()];
            b.get(tmp);
            out.writeBytes(tmp);
        }
        return out.toByteArray();
    }

    @Test
    void roundTripsEverySizeAroundPackageBoundaries() throws IOException {
        for (int size : new int[] {0, 1, 15, 16, 17, PACKAGE_SIZE - 1, PACKAGE_SIZE, PACKAGE_SIZE + 1,
                2 * PACKAGE_SIZE, 3 * PACKAGE_SIZE + 12345}) {
            byte[] plain = plaintext(size);
            byte[] sealed = seal(KEY, plain);
            assertThat((long) sealed.length).as("size %d", size).isEqualTo(PackageFormat.sealedSize(size));
            assertThat(open(KEY, sealed, size, 0, size)).as("size %d", size).isEqualTo(plain);
        }
    }

    @Test
    void sealingTheSamePlaintextTwiceDiffers() {
        byte[] plain = plaintext(1000);
        assertThat(seal(KEY, plain)).isNotEqualTo(seal(KEY, plain));
    }

    @Test
    void rangesStartingAndEndingInsideAndAcrossPackages() throws IOException {
        int size = 4 * PACKAGE_SIZE + 777;
        byte[] plain = plaintext(size);
        byte[] sealed = seal(KEY, plain);
        int p = PACKAGE_SIZE;
        long[][] ranges = {
                {0, 1}, {0, p}, {0, p + 1}, {p - 1, 1}, {p - 1, 2}, {p, 1}, {p, p}, {10, 20}, {p + 10, p - 20},
                {p - 5, 2 * p + 10}, {3 * p + 1, p + 776}, {size - 1, 1}, {4 * p, 777}, {1, size - 2}, {0, size},
                {2 * p, 0},
        };
        for (long[] r : ranges) {
            byte[] expected = Arrays.copyOfRange(plain, (int) r[0], (int) (r[0] + r[1]));
            assertThat(open(KEY, sealed, size, r[0], r[1])).as("range %d+%d", r[0], r[1]).isEqualTo(expected);
            for (int piece : new int[] {1, PACKAGE_SIZE + 1, 200_000, 3 * PACKAGE_SIZE}) {
                assertThat(openInPieces(sealed, size, r[0], r[1], piece)).as("range %d+%d in pieces of %d", r[0],
                        r[1], piece).isEqualTo(expected);
            }
        }
    }

    @Test
    void everyFlippedByteIsDetected() {
        int size = PACKAGE_SIZE + 100;
        byte[] sealed = seal(KEY, plaintext(size));
        // The header, the first package's body and tag, the last package: every region matters.
        for (int at : new int[] {0, 5, 15, 16, 1000, 16 + PACKAGE_SIZE + 15, 16 + PACKAGE_SIZE + 16,
                sealed.length - 1}) {
            byte[] bad = sealed.clone();
            bad[at] ^= 0x01;
            assertThatThrownBy(() -> open(KEY, bad, size, 0, size)).as("byte %d", at)
                    .isInstanceOf(IntegrityException.class);
        }
    }

    @Test
    void truncationIsDetected() {
        int size = 2 * PACKAGE_SIZE + 10;
        byte[] sealed = seal(KEY, plaintext(size));
        byte[] lastPackageGone = Arrays.copyOf(sealed, (int) PackageFormat.packageOffset(2));
        assertThatThrownBy(() -> open(KEY, lastPackageGone, size, 0, size)).isInstanceOf(IntegrityException.class);
        byte[] oneByteShort = Arrays.copyOf(sealed, sealed.length - 1);
        assertThatThrownBy(() -> open(KEY, oneByteShort, size, size - 1, 1)).isInstanceOf(IntegrityException.class);
        // A stream cut at a package boundary and presented as shorter: the new last package was not sealed final.
        int shorter = 2 * PACKAGE_SIZE;
        byte[] cut = Arrays.copyOf(sealed, (int) PackageFormat.sealedSize(shorter));
        assertThatThrownBy(() -> open(KEY, cut, shorter, 0, shorter)).isInstanceOf(IntegrityException.class);
    }

    @Test
    void reorderedPackagesAreDetected() {
        int size = 3 * PACKAGE_SIZE;
        byte[] sealed = seal(KEY, plaintext(size));
        byte[] swapped = sealed.clone();
        int a = (int) PackageFormat.packageOffset(0);
        int b = (int) PackageFormat.packageOffset(1);
        System.arraycopy(sealed, b, swapped, a, PackageFormat.SEALED_PACKAGE_SIZE);
        System.arraycopy(sealed, a, swapped, b, PackageFormat.SEALED_PACKAGE_SIZE);
        assertThatThrownBy(() -> open(KEY, swapped, size, 0, 10)).isInstanceOf(IntegrityException.class);
    }

    @Test
    void wrongKeyIsDetected() {
        byte[] sealed = seal(KEY, plaintext(100));
        assertThatThrownBy(() -> open(Gcm.key(Gcm.randomBytes(32)), sealed, 100, 0, 100))
                .isInstanceOf(IntegrityException.class);
    }

    @Test
    void ciphertextDoesNotContainThePlaintext() {
        byte[] plain = "MARKER-MARKER-MARKER-MARKER".repeat(1000).getBytes();
        String sealed = new String(seal(KEY, plain), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(sealed).doesNotContain("MARKER");
    }
    @Test
    void storedSpanCoversEveryPackageARangeReads() throws IOException {
        int size = 5 * PACKAGE_SIZE + 100;
        byte[] plain = plaintext(size);
        byte[] sealed = seal(KEY, plain);
        long[][] ranges = {{0, 1}, {10, PACKAGE_SIZE}, {PACKAGE_SIZE, 1}, {PACKAGE_SIZE - 1, 2}, {3 * PACKAGE_SIZE + 5,
                PACKAGE_SIZE * 2 + 95}, {size - 1, 1}, {0, size}};
        for (long[] r : ranges) {
            long[] span = PackageFormat.storedSpan(r[0], r[1], size);
            long[] touched = {Long.MAX_VALUE, 0};
            SealedSource recording = (position, dst) -> {
                if (position >= PackageFormat.HEADER_SIZE || span[0] == 0) {
                    touched[0] = Math.min(touched[0], position);
                    touched[1] = Math.max(touched[1], position + dst.remaining());
                }
                SealedSource.of(sealed).readFully(position, dst);
            };
            PackageOpener.Range range = new PackageOpener(KEY, recording, size).range(r[0], r[1]);
            byte[] out = new byte[(int) r[1]];
            int at = 0;
            ByteBuffer piece;
            while ((piece = range.next()) != null) {
                int n = piece.remaining();
                piece.get(out, at, n);
                at += n;
            }
            assertThat(out).isEqualTo(Arrays.copyOfRange(plain, (int) r[0], (int) (r[0] + r[1])));
            assertThat(touched[0]).as("first byte read for %s", Arrays.toString(r)).isEqualTo(span[0]);
            assertThat(touched[1]).as("end of reads for %s", Arrays.toString(r)).isEqualTo(span[1]);
        }
    }
}
