package io.cairn.server;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Drive arguments: {@code /data{1...8}} stands for /data1 .. /data8 (MinIO's notation), anything else for itself. */
public final class DriveList {
    private static final Pattern RANGE = Pattern.compile("\\{(\\d+)\\.\\.\\.(\\d+)}");

    private DriveList() {
    }

    public static List<String> expand(String arg) {
        Matcher m = RANGE.matcher(arg);
        if (!m.find()) {
            return List.of(arg);
        }
        String digitsFrom = m.group(1);
        int from = Integer.parseInt(digitsFrom);
        int to = Integer.parseInt(m.group(2));
        if (to < from || to - from > 64) {
            throw new IllegalArgumentException("bad drive range " + m.group() + " in " + arg);
        }
        // {01...16} keeps the zero padding of its first number.
        int width = digitsFrom.startsWith("0") ? digitsFrom.length() : 1;
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            String n = String.format("%0" + width + "d", i);
            for (String rest : expand(arg.substring(m.end()))) {
                out.add(arg.substring(0, m.start()) + n + rest);
            }
        }
        return out;
    }
}
