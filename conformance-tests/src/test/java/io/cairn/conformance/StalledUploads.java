package io.cairn.conformance;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** Uploads that send their head and one KiB of a promised MiB, then nothing: each holds a worker while open. */
final class StalledUploads implements AutoCloseable {
    private final List<Socket> sockets = new ArrayList<>();

    private StalledUploads() {
    }

    static StalledUploads start(int port, String bucket, int count) throws IOException {
        StalledUploads stalled = new StalledUploads();
        try {
            for (int i = 0; i < count; i++) {
                RawRequest.Prepared put = RawRequest.of(port, "PUT", "/" + bucket + "/stalled-" + i)
                        .unsignedPayload()
                        .header("Content-Length", "1048576")
                        .prepare();
                Socket s = new Socket();
                stalled.sockets.add(s);
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                OutputStream out = s.getOutputStream();
                out.write(put.head());
                out.write(new byte[1024]);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            stalled.close();
            throw e;
        }
        return stalled;
    }

    @Override
    public void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }
}
