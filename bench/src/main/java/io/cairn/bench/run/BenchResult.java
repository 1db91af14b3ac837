package io.cairn.bench.run;

import io.cairn.bench.cli.Options;
import io.cairn.bench.stats.RunSummary;

import java.time.Instant;

/** A finished measured run, as the reports show it. */
public record BenchResult(Options options, String bucket, Instant startedAt, String transport,
                          RunSummary summary) {
}
