package io.cairn.bench.stats;

import io.cairn.bench.http.Response;
import io.cairn.bench.s3.Xml;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** How an error is counted: "404 NoSuchKey", "503 SlowDown", "500" (no body), "IOException: ...". */
public final class ErrorKeys {
    private static final int MAX_MESSAGE = 80;

    private ErrorKeys() {
    }

    public static String of(Response response) {
        String code = response.body() == null ? null : Xml.first(response.bodyText(), "Code");
        return code == null || code.isBlank() ? Integer.toString(response.status())
                : response.status() + " " + code;
    }

    public static String of(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        message = message.replace('\n', ' ');
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "...";
        }
        return t.getClass().getSimpleName() + ": " + message;
    }
}
