package io.cairn.bench;

import io.cairn.bench.cli.OptionParser;
import io.cairn.bench.cli.Options;
import io.cairn.bench.report.JsonReport;
import io.cairn.bench.report.TableReport;
import io.cairn.bench.run.BenchResult;
import io.cairn.bench.run.BenchRunner;
import io.cairn.bench.stats.ErrorKeys;
import io.netty.util.ResourceLeakDetector;

import java.util.concurrent.ExecutionException;

/** {@code cairn bench [options]}: exit 0 when the run completed, 1 when it could not run, 2 for bad usage. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // Leak detection samples buffer allocations with a stack trace each: a cost on the generator's hot path.
        // The unit tests keep Netty's default level, so a leak in the client still shows there.
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        Options options;
        try {
            options = OptionParser.parse(args, System.getenv());
        } catch (OptionParser.HelpRequested e) {
            System.out.print(OptionParser.USAGE);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("cairn bench: " + e.getMessage());
            System.err.println("(cairn bench --help lists the options)");
            System.exit(2);
            return;
        }
        try {
            BenchRunner runner = new BenchRunner(options, System.err);
            switch (options.mode()) {
                case RUN -> {
                    BenchResult result = runner.run();
                    System.out.print(TableReport.render(result));
                    if (options.jsonFile() != null) {
                        JsonReport.write(result, options.jsonFile());
                    }
                }
                case PRESIGN -> {
                    String bucket = runner.presign();
                    System.out.println(bucket);
                    System.err.println("cairn bench: wrote " + options.objects() + " presigned "
                            + options.presignMethod() + " URLs to "
                            + options.presignUrls() + "; bucket " + bucket + " is kept (remove it with: "
                            + "bin/cairn bench --cleanup --bucket " + bucket + ")");
                }
                case CLEANUP -> {
                    long deleted = runner.cleanupBucket();
                    System.err.println("cairn bench: removed bucket " + options.bucket() + " and " + deleted
                            + " objects");
                }
            }
        } catch (Exception e) {
            String why = e instanceof ExecutionException ? ErrorKeys.of(e) : e.getMessage();
            System.err.println("cairn bench: " + (why == null ? e.toString() : why));
            System.exit(1);
        }
        System.exit(0);
    }
}
