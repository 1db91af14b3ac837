package io.cairn.tiering.remote;

import io.cairn.meta.MetadataStore;
import io.cairn.meta.TierRecord;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The defined tiers and their clients: definitions live in the metadata store (credentials sealed), clients are
 * built on first use and kept. Every change of a definition goes through here, so a replaced or removed tier's
 * client is closed and the next {@link #get} builds one from the definition as stored now.
 */
public final class TierRegistry implements AutoCloseable {
    private final MetadataStore store;
    private final TierSecrets secrets;
    private final Function<TierSpec, RemoteTier> connector;
    private final Map<String, RemoteTier> clients = new ConcurrentHashMap<>();

    public TierRegistry(MetadataStore store, TierSecrets secrets) {
        this(store, secrets, TierRegistry::connect);
    }

    /** @param connector builds a client from a definition (tests substitute fakes) */
    TierRegistry(MetadataStore store, TierSecrets secrets, Function<TierSpec, RemoteTier> connector) {
        this.store = store;
        this.secrets = secrets;
        this.connector = connector;
    }

    /** A client of the type the definition names. */
    public static RemoteTier connect(TierSpec spec) {
        return switch (spec.type()) {
            case S3 -> new S3Tier(spec);
            case AZURE -> new AzureBlobTier(spec);
        };
    }

    /**
     * The client of a defined tier, shared and thread-safe; the caller does not close it.
     *
     * @throws TierException (not retryable) when no tier has that name, or its stored definition cannot be used
     *                       (its credentials do not open, e.g. because the master key that sealed them is gone)
     */
    public RemoteTier get(String name) throws TierException {
        RemoteTier client = clients.get(name);
        if (client == null) {
            try {
                // The definition is read inside computeIfAbsent: a concurrent define() removes the entry only
                // after this finishes, so a client built from a definition just replaced never stays cached.
                client = clients.computeIfAbsent(name, n -> store.tier(n)
                        .map(record -> connector.apply(TierSpec.fromRecord(record, secrets)))
                        .orElse(null));
            } catch (RuntimeException e) {
                // The message of a failed unsealing or validation names settings, never their values.
                throw new TierException("tier " + name + " cannot be used: " + e.getMessage(), false, null);
            }
            if (client == null) {
                throw new TierException("no tier named " + name + " is defined", false, null);
            }
        }
        return client;
    }

    /** The stored definition of a tier, credentials still sealed. */
    public Optional<TierRecord> definition(String name) {
        return store.tier(name);
    }

    /**
     * Stores a definition, its credentials sealed.
     *
     * @param replace whether an existing tier of that name may be redefined (its client is then rebuilt; its
     *                creation time is kept)
     * @return the record stored, or empty when the tier exists and {@code replace} is false (nothing changed)
     */
    public synchronized Optional<TierRecord> define(TierSpec spec, boolean replace, Instant now) {
        Optional<TierRecord> existing = store.tier(spec.name());
        if (existing.isPresent() && !replace) {
            return Optional.empty();
        }
        TierRecord record = spec.toRecord(secrets, existing.map(TierRecord::created).orElse(now));
        store.putTier(record);
        closeClient(spec.name());
        return Optional.of(record);
    }

    /**
     * Seals every stored credential again, under whatever key {@link TierSecrets} seals with now (after a master
     * key rotation, so that older keys can one day be retired). The credentials do not change: clients stay.
     *
     * @return how many definitions were rewritten
     */
    public synchronized int resealAll() {
        int n = 0;
        for (TierRecord r : store.tiers()) {
            TierSpec spec;
            try {
                spec = TierSpec.fromRecord(r, secrets);
            } catch (RuntimeException e) {
                continue; // already unusable (get() says so); re-sealing cannot repair it
            }
            store.putTier(spec.toRecord(secrets, r.created()));
            n++;
        }
        return n;
    }

    /** Removes a definition and closes its client. @return false when there was none */
    public synchronized boolean remove(String name) {
        boolean existed = store.deleteTier(name);
        closeClient(name);
        return existed;
    }

    /**
     * Operations still running on the old client of a redefined or removed tier may fail (as transient errors);
     * callers retry those with the client {@link #get} gives them then.
     */
    private void closeClient(String name) {
        RemoteTier old = clients.remove(name);
        if (old != null) {
            old.close();
        }
    }

    @Override
    public synchronized void close() {
        for (String name : clients.keySet()) {
            closeClient(name);
        }
    }
}
