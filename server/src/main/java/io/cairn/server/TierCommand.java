package io.cairn.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.tiering.remote.TierSettings;
import io.cairn.tiering.remote.TierSpec;
import io.cairn.tiering.remote.TierType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code cairn admin tier ...}: the remote tier commands, turned into admin API calls. */
final class TierCommand {
    static final String ENV_SECRET_KEY = "CAIRN_TIER_SECRET_KEY";
    static final String ENV_ACCOUNT_KEY = "CAIRN_TIER_ACCOUNT_KEY";

    static final String USAGE = """
              tier add NAME --type s3 --endpoint URL --region R --bucket B [--prefix P]
                       --access-key K [--secret-key S] [--path-style] [--replace]
              tier add NAME --type azure --account A [--account-key K] --container C
                       [--endpoint URL] [--prefix P] [--replace]
                                      define a remote tier that lifecycle rules can transition to (NAME is
                                      its storage class: A-Z 0-9 _ -); credentials are stored sealed by the
                                      master key. After "tier add", --endpoint, --region, --access-key and
                                      --secret-key are the tier's: give the admin's own before "tier".
                                      --replace redefines an existing tier (e.g. new credentials).
              tier ls                 list tiers (credentials are never shown)
              tier rm NAME            remove a tier; refused while a lifecycle rule or an object uses it
              tier verify NAME        write, read back and delete a probe object on the remote
            """;

    private static final Map<String, String> OPTIONS = Map.of(
            "--endpoint", TierSettings.ENDPOINT, "--region", TierSettings.REGION,
            "--bucket", TierSettings.BUCKET, "--prefix", TierSettings.PREFIX,
            "--access-key", TierSettings.ACCESS_KEY, "--secret-key", TierSettings.SECRET_KEY,
            "--account", TierSettings.ACCOUNT, "--account-key", TierSettings.ACCOUNT_KEY,
            "--container", TierSettings.CONTAINER);

    private TierCommand() {
    }

    /**
     * {@code tier ls | rm NAME | verify NAME}.
     *
     * @return null when {@code words} is none of them
     */
    static AdminRequest simple(List<String> words) {
        String command = String.join(" ", words);
        if (command.equals("tier ls")) {
            return new AdminRequest("GET", "/_cairn/admin/tiers");
        }
        if (words.size() == 3 && command.startsWith("tier rm ")) {
            return new AdminRequest("DELETE", "/_cairn/admin/tiers/" + name(words.get(2)));
        }
        if (words.size() == 3 && command.startsWith("tier verify ")) {
            return new AdminRequest("POST", "/_cairn/admin/tiers/" + name(words.get(2)) + "/verify");
        }
        return null;
    }

    /**
     * {@code tier add}: {@code args} are what follows it. Secrets missing from the arguments come from
     * {@link #ENV_SECRET_KEY} / {@link #ENV_ACCOUNT_KEY}, which keeps them out of process listings.
     *
     * @throws IllegalArgumentException for a usage error or an invalid definition (never quoting a secret)
     */
    static AdminRequest add(String[] args, Map<String, String> env) {
        String name = null;
        String type = null;
        boolean replace = false;
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--type")) {
                type = value(args, ++i, a);
            } else if (a.equals("--path-style")) {
                settings.put(TierSettings.PATH_STYLE, "true");
            } else if (a.equals("--replace")) {
                replace = true;
            } else if (OPTIONS.containsKey(a)) {
                settings.put(OPTIONS.get(a), value(args, ++i, a));
            } else if (a.startsWith("--")) {
                throw new IllegalArgumentException("unknown option " + a + " for tier add");
            } else if (name == null) {
                name = a;
            } else {
                throw new IllegalArgumentException("tier add takes one NAME, got also " + a);
            }
        }
        if (type == null) {
            throw new IllegalArgumentException("tier add needs --type s3 or --type azure");
        }
        TierType t = TierType.of(type);
        if (t == TierType.S3 && env.get(ENV_SECRET_KEY) != null) {
            settings.putIfAbsent(TierSettings.SECRET_KEY, env.get(ENV_SECRET_KEY));
        }
        if (t == TierType.AZURE && env.get(ENV_ACCOUNT_KEY) != null) {
            settings.putIfAbsent(TierSettings.ACCOUNT_KEY, env.get(ENV_ACCOUNT_KEY));
        }
        // Checked here too, so a mistake is reported before anything is sent.
        new TierSpec(name, t, settings);
        Map<String, String> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("type", t.id());
        body.putAll(settings);
        try {
            return new AdminRequest("POST", "/_cairn/admin/tiers", replace ? "replace=true" : "",
                    new ObjectMapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Names go into the path as they are, so only valid ones are accepted. */
    private static String name(String name) {
        TierSpec.checkName(name);
        return name;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException("missing value after " + option);
        }
        return args[i];
    }
}
