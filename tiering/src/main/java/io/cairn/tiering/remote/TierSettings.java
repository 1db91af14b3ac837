package io.cairn.tiering.remote;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;

/** The names of tier settings (as stored and as the admin API takes them) and the checks of their values. */
public final class TierSettings {
    public static final String ENDPOINT = "endpoint";
    public static final String REGION = "region";
    public static final String BUCKET = "bucket";
    public static final String PREFIX = "prefix";
    public static final String PATH_STYLE = "pathStyle";
    public static final String ACCESS_KEY = "accessKey";
    public static final String SECRET_KEY = "secretKey";
    public static final String ACCOUNT = "account";
    public static final String ACCOUNT_KEY = "accountKey";
    public static final String CONTAINER = "container";

    private TierSettings() {
    }

    /**
     * Checks one value. Messages name the setting, never a secret's value.
     *
     * @throws IllegalArgumentException when it is not acceptable
     */
    static void check(String setting, String value) {
        switch (setting) {
            case ENDPOINT -> endpoint(value);
            case REGION -> require(value.matches("[A-Za-z0-9_-]{1,64}"), "region must be 1-64 of A-Z a-z 0-9 _ -");
            case BUCKET -> require(value.length() <= 255 && value.matches("[^/\\s\\p{Cntrl}]+"),
                    "bucket must be a bucket name (no '/', no white space)");
            case PREFIX -> require(value.length() <= 512 && !value.startsWith("/") && noControl(value),
                    "prefix must not start with '/' and is at most 512 characters");
            case PATH_STYLE -> require(value.equals("true") || value.equals("false"), "pathStyle must be true or false");
            case ACCESS_KEY, SECRET_KEY -> require(value.length() <= 256 && noControl(value),
                    setting + " must be at most 256 characters without control characters");
            case ACCOUNT -> require(value.matches("[a-z0-9]{3,24}"), "account must be 3-24 of a-z 0-9");
            case ACCOUNT_KEY -> require(isBase64(value), "accountKey must be base64 (the storage account key)");
            case CONTAINER -> require(value.matches("[a-z0-9](?:-?[a-z0-9]){2,62}"),
                    "container must be an Azure container name (3-63 of a-z 0-9, single '-' between them)");
            default -> throw new IllegalArgumentException("unknown setting " + setting);
        }
    }

    static URI endpoint(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        require((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null,
                "endpoint must be an http:// or https:// URL with a host");
        // Credentials belong in their own (sealed) settings, not in a URL that is listed in the clear.
        require(uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null,
                "endpoint must not have user info, a query or a fragment");
        return uri;
    }

    private static boolean isBase64(String value) {
        try {
            return !value.isEmpty() && Base64.getDecoder().decode(value).length > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean noControl(String value) {
        return value.chars().noneMatch(Character::isISOControl);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
