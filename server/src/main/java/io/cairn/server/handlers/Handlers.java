package io.cairn.server.handlers;

import io.cairn.server.ServerContext;
import io.cairn.server.lifecycle.LifecycleRules;
import io.cairn.server.s3.S3Operation;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** Which handler runs which operation. An operation missing here answers 501 NotImplemented. */
public final class Handlers {
    private Handlers() {
    }

    public static Map<S3Operation, OperationHandler> table(ServerContext ctx, LifecycleRules lifecycle) {
        Map<S3Operation, OperationHandler> t = new EnumMap<>(S3Operation.class);
        ObjectStore store = new ObjectStore(ctx);
        new BucketHandlers(ctx).register(t);
        new BucketEncryptionHandlers(ctx).register(t);
        new BucketLifecycleHandlers(ctx, lifecycle).register(t);
        new ListObjectsHandler(ctx).register(t);
        new DeleteObjectHandlers(ctx, store).register(t);
        new MultipartHandlers(ctx, store, lifecycle).register(t);
        new TaggingHandlers(ctx).register(t);
        t.put(S3Operation.PutObject, new PutObjectHandler(ctx, store, lifecycle));
        t.put(S3Operation.CopyObject, new CopyObjectHandler(ctx, store, lifecycle));
        t.put(S3Operation.GetObject, new GetObjectHandler(ctx, lifecycle, false));
        t.put(S3Operation.HeadObject, new GetObjectHandler(ctx, lifecycle, true));
        t.put(S3Operation.RestoreObject, new RestoreObjectHandler(ctx));
        return Collections.unmodifiableMap(t);
    }
}
