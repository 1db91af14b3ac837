package io.cairn.bench.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything a run was asked to do; built by {@link OptionParser}, read by the runner and echoed in reports.
 *
 * @param objects       prepared objects for get/stat/delete/mixed and presign mode
 * @param listKeys      keys prepared for the list scenario
 * @param page          keys per LIST request
 * @param threads       event-loop threads of the client; 0 chooses min(cores, concurrency)
 * @param bucket        the bucket to use, or null for a fresh one created and removed by the run
 * @param jsonFile      where to write the JSON result, or null
 * @param presignUrls   presign mode: prepare objects, write presigned URLs here, keep the bucket
 * @param presignMethod the method those URLs are signed for (GET or HEAD: a presigned URL is bound to one)
 * @param cleanupOnly   cleanup mode: empty and remove {@code bucket} (one a previous presign run kept)
 * @param progress      print a progress line each second on stderr
 */
public record Options(URI endpoint, String accessKey, String secretKey, String region, ScenarioName scenario,
                      SizeSpec size, int concurrency, Duration duration, Duration warmup, int objects,
                      int listKeys, int page, Mix mix, long partSize, int threads, String bucket, Path jsonFile,
                      Path presignUrls, String presignMethod, Duration presignExpiry, boolean cleanupOnly,
                      boolean progress) {

    /** The kind of run: a measured scenario, writing presigned URLs, or removing a kept bucket. */
    public enum Mode { RUN, PRESIGN, CLEANUP }

    public Mode mode() {
        if (cleanupOnly) {
            return Mode.CLEANUP;
        }
        return presignUrls != null ? Mode.PRESIGN : Mode.RUN;
    }

    /** Host header value: host, plus the port when it is not the scheme's default. */
    public String hostHeader() {
        int port = endpoint.getPort();
        return port < 0 || port == 80 ? endpoint.getHost() : endpoint.getHost() + ":" + port;
    }

    public int port() {
        return endpoint.getPort() < 0 ? 80 : endpoint.getPort();
    }

    public Options withBucket(String b) {
        return new Options(endpoint, accessKey, secretKey, region, scenario, size, concurrency, duration, warmup,
                objects, listKeys, page, mix, partSize, threads, b, jsonFile, presignUrls, presignMethod,
                presignExpiry, cleanupOnly, progress);
    }
}
