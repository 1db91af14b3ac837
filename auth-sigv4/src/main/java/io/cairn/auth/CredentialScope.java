package io.cairn.auth;

/** A SigV4 credential: {@code AKID/yyyyMMdd/region/service/aws4_request}. */
record CredentialScope(String accessKeyId, String date, String region, String service, String terminator) {

    /** Splits a credential into its five parts, or null when it has another shape. */
    static CredentialScope parse(String credential) {
        if (credential == null) {
            return null;
        }
        String[] parts = credential.split("/", -1);
        if (parts.length != 5) {
            return null;
        }
        for (String part : parts) {
            if (part.isEmpty()) {
                return null;
            }
        }
        return new CredentialScope(parts[0], parts[1], parts[2], parts[3], parts[4]);
    }

    String scope() {
        return date + "/" + region + "/" + service + "/" + terminator;
    }

    /** Why this scope cannot be for this server, or null when it can. Messages follow S3's wording. */
    String problem(String expectedRegion) {
        if (date.length() != 8 || !date.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "Invalid credential date \"" + date + "\". This date is not in the yyyyMMdd format.";
        }
        if (!region.equals(expectedRegion)) {
            return "the region '" + region + "' is wrong; expecting '" + expectedRegion + "'";
        }
        if (!service.equals(SigV4Signer.SERVICE)) {
            return "Incorrect service \"" + service + "\". This endpoint belongs to \"s3\".";
        }
        if (!terminator.equals(SigV4Signer.TERMINATOR)) {
            return "Incorrect terminal \"" + terminator + "\". This endpoint uses \"aws4_request\".";
        }
        return null;
    }
}
