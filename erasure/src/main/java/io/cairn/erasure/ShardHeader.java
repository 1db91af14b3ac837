package io.cairn.erasure;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The fixed 36-byte header at the start of every shard file, big-endian:
 * <pre>
 *  0  4  magic "CRNE"
 *  4  1  format version: the {@link ErasureCode} (1 or 2)
 *  5  1  data shards k
 *  6  1  parity shards m
 *  7  1  this shard's index (0..k-1 data, k..k+m-1 parity)
 *  8  1  bitrot algorithm id
 *  9  3  zero
 * 12  4  block size
 * 16  8  object size
 * 24  8  write id
 * 32  4  CRC32C of bytes 0..31
 * </pre>
 */
public record ShardHeader(ErasureLayout layout, int shardIndex) {
    public static final int LENGTH = 36;
    private static final int MAGIC = 0x43524E45;

    public ShardHeader {
        if (shardIndex < 0 || shardIndex >= layout.totalShards()) {
            throw new IllegalArgumentException("shard index " + shardIndex + " outside 0.." + (layout.totalShards() - 1));
        }
    }

    byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(LENGTH);
        out.putInt(MAGIC)
                .put((byte) layout.code().version())
                .put((byte) layout.dataShards())
                .put((byte) layout.parityShards())
                .put((byte) shardIndex)
                .put((byte) layout.algorithm().id())
                .put(new byte[3])
                .putInt(layout.blockSize())
                .putLong(layout.objectSize())
                .putLong(layout.writeId())
                .putInt(crc(out.array()));
        return out.array();
    }

    static ShardHeader parse(byte[] bytes) throws ShardFormatException {
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, LENGTH);
        if (in.getInt() != MAGIC) {
            throw new ShardFormatException("not a shard file (bad magic)");
        }
        if (in.getInt(32) != crc(bytes)) {
            throw new ShardFormatException("shard header checksum mismatch");
        }
        ErasureCode code = ErasureCode.ofVersion(in.get() & 0xFF);
        int dataShards = in.get() & 0xFF;
        int parityShards = in.get() & 0xFF;
        int shardIndex = in.get() & 0xFF;
        BitrotAlgorithm algorithm = BitrotAlgorithm.byId(in.get() & 0xFF);
        in.position(12);
        int blockSize = in.getInt();
        long objectSize = in.getLong();
        long writeId = in.getLong();
        try {
            return new ShardHeader(new ErasureLayout(dataShards, parityShards, blockSize, objectSize, algorithm,
                    writeId, code), shardIndex);
        } catch (IllegalArgumentException e) {
            throw new ShardFormatException("invalid shard header: " + e.getMessage());
        }
    }

    private static int crc(byte[] header) {
        CRC32C crc = new CRC32C();
        crc.update(header, 0, 32);
        return (int) crc.getValue();
    }
}
