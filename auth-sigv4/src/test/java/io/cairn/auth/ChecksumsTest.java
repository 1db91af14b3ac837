package io.cairn.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChecksumsTest {
    private static final byte[] CHECK_INPUT = "123456789".getBytes(StandardCharsets.US_ASCII);

    /** Bit at a time, straight from the definition; the reference the table-driven version must agree with. */
    private static long referenceCrc64Nvme(byte[] data, int off, int len) {
        long crc = -1L;
        for (int i = off; i < off + len; i++) {
            crc ^= data[i] & 0xff;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x9a6c9329ac4bc9b5L : crc >>> 1;
            }
        }
        return ~crc;
    }

    @Test
    void crc64NvmeCheckValue() {
        Crc64Nvme crc = new Crc64Nvme();
        crc.update(CHECK_INPUT, 0, CHECK_INPUT.length);

        assertThat(crc.getValue()).isEqualTo(0xae8b14860a799888L);
    }

    @Test
    void crc64NvmeOfZeros() {
        Crc64Nvme crc = new Crc64Nvme();
        crc.update(new byte[32], 0, 32);

        assertThat(crc.getValue()).isEqualTo(0xcf3473434d4ecf3bL);
    }

    @Test
    void crc64NvmeIsTheSameThroughEveryEntryPoint() {
        Crc64Nvme byByte = new Crc64Nvme();
        for (byte b : CHECK_INPUT) {
            byByte.update(b);
        }
        Crc64Nvme heap = new Crc64Nvme();
        heap.update(ByteBuffer.wrap(CHECK_INPUT, 2, 7).slice());
        Crc64Nvme direct = new Crc64Nvme();
        ByteBuffer directBuffer = ByteBuffer.allocateDirect(20);
        directBuffer.position(5);
        directBuffer.put(CHECK_INPUT).flip().position(5);
        direct.update(directBuffer);
        Crc64Nvme split = new Crc64Nvme();
        split.update(CHECK_INPUT, 0, 4);
        split.update(CHECK_INPUT, 4, 5);

        Crc64Nvme heapHead = new Crc64Nvme();
        heapHead.update(CHECK_INPUT, 0, 2);
        heapHead.update(ByteBuffer.wrap(CHECK_INPUT, 2, 7).slice());

        assertThat(byByte.getValue()).isEqualTo(0xae8b14860a799888L);
        assertThat(heapHead.getValue()).isEqualTo(0xae8b14860a799888L);
        assertThat(direct.getValue()).isEqualTo(0xae8b14860a799888L);
        assertThat(directBuffer.hasRemaining()).isFalse();
        assertThat(split.getValue()).isEqualTo(0xae8b14860a799888L);
        heap.reset();
        heap.update(CHECK_INPUT, 0, 9);
        assertThat(heap.getValue()).isEqualTo(0xae8b14860a799888L);
    }

    @Test
    void crc64NvmeAgreesWithTheBitwiseDefinitionAtEveryLengthAndAlignment() {
        Random random = new Random(7);
        byte[] data = new byte[300];
        random.nextBytes(data);
        for (int off = 0; off < 9; off++) {
            for (int len = 0; len + off <= 140; len++) {
                Crc64Nvme crc = new Crc64Nvme();
                crc.update(data, off, len);
                assertThat(crc.getValue()).as("off %d len %d", off, len)
                        .isEqualTo(referenceCrc64Nvme(data, off, len));

                Crc64Nvme direct = new Crc64Nvme();
                ByteBuffer buffer = ByteBuffer.allocateDirect(len);
                buffer.put(data, off, len).flip();
                direct.update(buffer);
                assertThat(direct.getValue()).isEqualTo(crc.getValue());
            }
        }
    }

    @Test
    void base64ValuesAsS3ShowsThem() {
        ByteBuffer input = ByteBuffer.wrap(CHECK_INPUT);

        assertThat(Checksums.base64(ChecksumAlgorithm.CRC32, input)).isEqualTo("y/Q5Jg==");
        assertThat(Checksums.base64(ChecksumAlgorithm.CRC32C, input)).isEqualTo("4waSgw==");
        assertThat(Checksums.base64(ChecksumAlgorithm.CRC64NVME, input)).isEqualTo("rosUhgp5mIg=");
        assertThat(Checksums.base64(ChecksumAlgorithm.SHA1, input)).isEqualTo("98O8HYCOBHMq32eZZczDTKeuNEE=");
        assertThat(Checksums.base64(ChecksumAlgorithm.SHA256, input))
                .isEqualTo("FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU=");
        assertThat(input.position()).isZero();
    }

    @Test
    void helloWorld() {
        ByteBuffer input = ByteBuffer.wrap("Hello world".getBytes(StandardCharsets.US_ASCII));

        assertThat(Checksums.base64(ChecksumAlgorithm.CRC32, input)).isEqualTo("i9aeUg==");
        assertThat(Checksums.base64(ChecksumAlgorithm.CRC32C, input)).isEqualTo("crUfeA==");
        assertThat(Checksums.base64(ChecksumAlgorithm.CRC64NVME, input)).isEqualTo("OOJZ0D8xKts=");
    }

    @Test
    void decodeChecksLength() {
        assertThat(Checksums.decode(ChecksumAlgorithm.CRC32, "y/Q5Jg==")).hasSize(4);
        assertThat(Checksums.decode(ChecksumAlgorithm.CRC32, "y/Q5Jg")).hasSize(4);
        assertThat(Checksums.decode(ChecksumAlgorithm.CRC64NVME, "y/Q5Jg==")).isNull();
        assertThat(Checksums.decode(ChecksumAlgorithm.CRC32, "rosUhgp5mIg=")).isNull();
        assertThat(Checksums.decode(ChecksumAlgorithm.SHA1, "not base64!")).isNull();
        assertThat(Checksums.decode(ChecksumAlgorithm.SHA256, null)).isNull();
    }
}
