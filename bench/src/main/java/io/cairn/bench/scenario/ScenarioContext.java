package io.cairn.bench.scenario;

import io.cairn.bench.cli.Options;
import io.cairn.bench.run.Keys;
import io.cairn.bench.run.Preparer;
import io.cairn.bench.s3.S3Client;

/** What a scenario works with: the client, the bucket and key names, the options, and the preparer. */
public record ScenarioContext(S3Client s3, String bucket, Keys keys, Options options, Preparer preparer) {
}
