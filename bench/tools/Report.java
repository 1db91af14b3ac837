import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Turns the results of bench/compare.sh (RESULTS_DIR/results.tsv and facts.env) into the Markdown tables of
 * docs/benchmarks.md. Run as a single-file program:
 *
 * <pre>
 * java bench/tools/Report.java RESULTS_DIR                    # prints the generated block
 * java bench/tools/Report.java RESULTS_DIR --update DOC       # replaces the block between the markers in DOC
 * </pre>
 *
 * Only the text between {@code <!-- bench:begin -->} and {@code <!-- bench:end -->} is regenerated; prose
 * around it (such as "What limits it") is kept. A new DOC gets a skeleton.
 */
public final class Report {
    static final String BEGIN = "<!-- bench:begin -->";
    static final String END = "<!-- bench:end -->";

    record Row(String server, String scenario, int conc, String tool, String op, Double ops, Double mib, Double p50,
               Double p90, Double p99, Double max, Double errors, Double clientCpu, Double clientUsOp,
               Double serverCpu, Double other0, Double other1, String note) {
        boolean failed() {
            return "failed".equals(note) || ops == null;
        }
    }

    record Scenario(String id, String label, boolean throughput) {
    }

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("put4k", "4 KiB PUT", false),
            new Scenario("get4k", "4 KiB GET", false),
            new Scenario("stat4k", "4 KiB STAT (HEAD)", false),
            new Scenario("get1m", "1 MiB GET", true),
            new Scenario("get64m", "64 MiB GET", true),
            new Scenario("put64m", "64 MiB PUT", true),
            new Scenario("list", "LIST 1,000 of 10,000 keys", false),
            new Scenario("mixed64k", "mixed 64 KiB", false));

    static final Map<String, String> TOOL_LABEL = Map.of(
            "bench", "cairn bench",
            "wrk", "wrk, presigned",
            "ab", "ab -i, presigned HEAD");

    final List<Row> rows = new ArrayList<>();
    final Map<String, String> facts = new LinkedHashMap<>();
    final List<Integer> concs = new ArrayList<>();

    public static void main(String[] args) throws IOException {
        if (args.length != 1 && !(args.length == 3 && args[1].equals("--update"))) {
            System.err.println("usage: Report RESULTS_DIR [--update DOC]");
            System.exit(2);
        }
        Report r = new Report();
        r.load(Path.of(args[0]));
        String block = r.render();
        if (args.length == 1) {
            System.out.print(block);
            return;
        }
        Path doc = Path.of(args[2]);
        String text = Files.exists(doc) ? Files.readString(doc) : skeleton();
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        if (b < 0 || e < b) {
            text = text.stripTrailing() + "\n\n" + BEGIN + "\n" + END + "\n";
            b = text.indexOf(BEGIN);
            e = text.indexOf(END);
        }
        String updated = text.substring(0, b + BEGIN.length()) + "\n" + block + text.substring(e);
        Files.writeString(doc, updated, StandardCharsets.UTF_8);
    }

    static String skeleton() {
        return """
                # Benchmarks

                Cairn side by side with [s3proxy](https://github.com/gaul/s3proxy) 2.6.0 (filesystem backend) and
                with the ceiling of the same machine, measured in one run by `bench/compare.sh` (see
                [bench/README.md](../bench/README.md)). Everything between the `bench:begin` and `bench:end` markers
                is rewritten by each run; the prose outside them is kept.

                """ + BEGIN + "\n" + END + """


                ## What limits it

                _To be filled from profiles (async-profiler or JFR) of the runs above: for each target not met, what
                the server spends its core on._
                """;
    }

    void load(Path dir) throws IOException {
        for (String line : Files.readAllLines(dir.resolve("facts.env"))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                facts.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        List<String> lines = Files.readAllLines(dir.resolve("results.tsv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            if (f.length < 18) {
                continue;
            }
            Row row = new Row(f[0], f[1], Integer.parseInt(f[2]), f[3], f[4], num(f[5]), num(f[6]), num(f[7]),
                    num(f[8]), num(f[9]), num(f[10]), num(f[11]), num(f[12]), num(f[13]), num(f[14]), num(f[15]),
                    num(f[16]), f[17]);
            rows.add(row);
            if (!concs.contains(row.conc)) {
                concs.add(row.conc);
            }
        }
        concs.sort(null);
    }

    static Double num(String s) {
        if (s == null || s.isBlank() || s.equals("null")) {
            return null;
        }
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The summary row of one run: the bench tool's "ALL" (all operations of the scenario), wrk's GET, ab's HEAD. */
    Row main(String server, String scenario, int conc, String tool) {
        for (Row r : rows) {
            if (r.server.equals(server) && r.scenario.equals(scenario) && r.conc == conc && r.tool.equals(tool)
                    && (r.op.equals("ALL") || !tool.equals("bench"))) {
                return r;
            }
        }
        return null;
    }

    List<String> tools(String scenario) {
        List<String> out = new ArrayList<>();
        for (String t : List.of("bench", "wrk", "ab")) {
            for (Row r : rows) {
                if (r.scenario.equals(scenario) && r.tool.equals(t) && !r.server.equals("nginx")) {
                    out.add(t);
                    break;
                }
            }
        }
        return out;
    }

    double fact(String key) {
        Double d = num(facts.get(key));
        return d == null ? Double.NaN : d;
    }

    /** Best ops/s of a server in a scenario at a concurrency, over the generators. */
    Row best(String server, String scenario, int conc, Predicate<String> tools) {
        Row best = null;
        for (Row r : rows) {
            if (r.server.equals(server) && r.scenario.equals(scenario) && r.conc == conc && tools.test(r.tool)
                    && !r.failed() && (r.op.equals("ALL") || !r.tool.equals("bench"))) {
                if (best == null || r.ops > best.ops) {
                    best = r;
                }
            }
        }
        return best;
    }

    /** The ceiling of a scenario: [value, unit-is-MiB/s ? 1 : 0], label; null if the scenario has none. */
    record Ceiling(double value, boolean mib, String label) {
    }

    Ceiling ceiling(String scenario, int conc) {
        switch (scenario) {
            case "get4k", "stat4k" -> {
                Row n = main("nginx", "get4k", conc, "wrk");
                return n == null || n.failed() ? null : new Ceiling(n.ops, false, "nginx 4 KiB GET (wrk)");
            }
            case "get1m", "get64m" -> {
                Row n = main("nginx", scenario, conc, "wrk");
                String size = scenario.equals("get1m") ? "1 MiB" : "64 MiB";
                return n == null || n.failed() ? null : new Ceiling(n.mib, true, "nginx " + size + " GET (wrk)");
            }
            case "put64m" -> {
                double md5 = fact("md5_mib_s");
                double dd = fact("dd_mib_s");
                if (Double.isNaN(md5) && Double.isNaN(dd)) {
                    return null;
                }
                boolean md5Lower = Double.isNaN(dd) || (!Double.isNaN(md5) && md5 <= dd);
                return new Ceiling(md5Lower ? md5 : dd, true, md5Lower ? "MD5, one core" : "disk, dd fdatasync");
            }
            default -> {
                return null;
            }
        }
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        boolean quick = "1".equals(facts.get("quick"));
        sb.append("_Generated by `bench/compare.sh`").append(quick ? " with `QUICK=1` (a smoke run: short windows, rough numbers)" : "")
                .append(" on ").append(facts.getOrDefault("date", "?")).append("._\n\n");
        machine(sb);
        sideBySide(sb);
        ceilingTable(sb);
        targets(sb);
        memory(sb);
        details(sb);
        return sb.toString();
    }

    void machine(StringBuilder sb) {
        sb.append("### Machine\n\n");
        sb.append("| | |\n|---|---|\n");
        sb.append("| CPU | ").append(facts.getOrDefault("cpu", "?")).append(", ").append(facts.getOrDefault("cores", "?"))
                .append(" cores |\n");
        sb.append("| Memory | ").append(facts.getOrDefault("memory", "?")).append(" |\n");
        sb.append("| Kernel | ").append(facts.getOrDefault("kernel", "?")).append(" |\n");
        sb.append("| Disk (servers' data) | ").append(facts.getOrDefault("disk", "?")).append(" |\n");
        sb.append("| JDK (both servers, bench tool) | ").append(facts.getOrDefault("jdk", "?")).append(" |\n");
        sb.append("| Cairn | ").append(facts.getOrDefault("cairn_version", "?"));
        String opts = facts.getOrDefault("cairn_java_opts", "");
        sb.append(opts.isBlank() ? ", default JVM options" : ", JAVA_OPTS=`" + opts + "`").append(" |\n");
        sb.append("| s3proxy | ").append(facts.getOrDefault("s3proxy_version", "?"));
        opts = facts.getOrDefault("s3proxy_java_opts", "");
        sb.append(opts.isBlank() ? ", default JVM options" : ", JVM options `" + opts + "`").append(" |\n");
        sb.append("| nginx | ").append(facts.getOrDefault("nginx_version", "?"))
                .append(", `worker_processes 1`, sendfile, access log off |\n");
        sb.append("| Generators | `cairn bench` (Netty, one event loop), ").append(facts.getOrDefault("wrk", "wrk"))
                .append(" `-t1` with presigned URLs, ab `-k -i` for HEAD (wrk waits for a body after a HEAD) |\n");
        sb.append("| Pinning | each server alone, on CPU ").append(facts.getOrDefault("server_cpu", "0"))
                .append(" (`taskset`); every generator on CPU ").append(facts.getOrDefault("client_cpu", "1"))
                .append("; one server running at a time |\n");
        sb.append("| Windows | ");
        String serverWarmup = facts.getOrDefault("server_warmup", "0");
        if (!serverWarmup.equals("0")) {
            sb.append("each server first warmed up for ").append(serverWarmup)
                    .append(" s (4 KiB mixed load, then presigned GETs; not measured); ");
        }
        sb.append(facts.getOrDefault("duration", "?")).append(" s measured after ")
                .append(facts.getOrDefault("warmup", "?")).append(" s warm-up (")
                .append(facts.getOrDefault("first_warmup", facts.getOrDefault("warmup", "?")))
                .append(" s for a scenario's first run on a server); 64 MiB runs ")
                .append(facts.getOrDefault("large_duration", "?")).append(" s × connections/16 (at least 1), LIST runs ")
                .append(facts.getOrDefault("list_duration", "?")).append(" s × connections/16 (at least 1); objects: ")
                .append(facts.getOrDefault("objects", "?")).append(" |\n");
        sb.append("| Load average (start → end) | ").append(facts.getOrDefault("load_start", "?")).append(" → ")
                .append(facts.getOrDefault("load_end", "?")).append(" |\n\n");
    }

    void sideBySide(StringBuilder sb) {
        sb.append("### Side by side\n\n");
        sb.append("Each row: one scenario, one generator, one concurrency (connections, one request in flight on each). "
                + "p99 in milliseconds. The ceiling column is the same machine's limit for that scenario "
                + "(see below); the ratio to it is of ops/s for small objects and of MiB/s for large ones. "
                + "Cairn's PUTs are durable (fsync before the answer); s3proxy's filesystem backend does not fsync. "
                + "‡: other processes took more than " + facts.getOrDefault("max_other_cpu", "15")
                + "% of one of the two cores during that run even after retries, so it reads low.\n\n");
        sb.append("| Scenario | Conc. | Generator | Cairn ops/s | Cairn MiB/s | Cairn p99 | s3proxy ops/s | s3proxy MiB/s "
                + "| s3proxy p99 | Cairn ÷ s3proxy | Ceiling | Cairn ÷ ceiling |\n");
        sb.append("|---|--:|---|--:|--:|--:|--:|--:|--:|--:|---|--:|\n");
        for (Scenario s : SCENARIOS) {
            for (String tool : tools(s.id)) {
                for (int conc : concs) {
                    Row c = main("cairn", s.id, conc, tool);
                    Row p = main("s3proxy", s.id, conc, tool);
                    if (c == null && p == null) {
                        continue;
                    }
                    sb.append("| ").append(s.label).append(" | ").append(conc).append(" | ").append(TOOL_LABEL.get(tool));
                    cells(sb, c, s);
                    cells(sb, p, s);
                    sb.append(" | ").append(ratio(c, p, s.throughput));
                    Ceiling ceil = ceiling(s.id, conc);
                    if (ceil == null) {
                        sb.append(" | — | — |\n");
                    } else {
                        sb.append(" | ").append(ceil.label).append(": ")
                                .append(ceil.mib ? mib(ceil.value) + " MiB/s" : ops(ceil.value) + " ops/s");
                        double mine = c == null || c.failed() ? Double.NaN : ceil.mib ? c.mib : c.ops;
                        sb.append(" | ").append(Double.isNaN(mine) ? "—" : pct(mine / ceil.value)).append(" |\n");
                    }
                }
            }
        }
        sb.append("\n");
    }

    void cells(StringBuilder sb, Row r, Scenario s) {
        if (r == null) {
            sb.append(" | — | — | —");
        } else if (r.failed()) {
            sb.append(" | failed | | ");
        } else if ("none-completed".equals(r.note)) {
            sb.append(" | 0 (none completed in the window) | — | —");
        } else {
            String err = r.errors != null && r.errors > 0 ? " (" + ops(r.errors) + " errors)" : "";
            sb.append(" | ").append(ops(r.ops)).append(err).append(" | ").append(r.mib == null || r.mib == 0 ? "—" : mib(r.mib))
                    .append(" | ").append(ms(r.p99)).append(disturbed(r) ? " ‡" : "");
        }
    }

    /**
     * When no request completed in a closed-loop window of W seconds with N connections, each of the N requests
     * in flight took longer than W, so the rate was below N / W: the upper bound used for a ratio.
     */
    double noneCompletedBound(Row r) {
        if (r == null || !"none-completed".equals(r.note)) {
            return Double.NaN;
        }
        String key = switch (r.scenario) {
            case "list" -> "list_duration";
            case "get64m", "put64m" -> "large_duration";
            default -> "duration";
        };
        double w = fact(key);
        if (!key.equals("duration") && r.conc > 16) {
            w *= r.conc / 16; // compare.sh lengthens 64 MiB and LIST windows with the connection count
        }
        return Double.isNaN(w) || w <= 0 ? Double.NaN : r.conc / w;
    }

    /** "N×", or "> N×" when the peer completed nothing in the window; the value for the comparison in [1]. */
    String timesVs(Row c, Row p, double[] value) {
        if (p.ops > 0) {
            value[0] = c.ops / p.ops;
            return times(value[0]);
        }
        double bound = noneCompletedBound(p);
        value[0] = Double.isNaN(bound) ? Double.POSITIVE_INFINITY : c.ops / bound;
        return (Double.isNaN(bound) ? "" : "> ") + times(value[0]);
    }

    boolean disturbed(Row r) {
        double max = fact("max_other_cpu");
        if (Double.isNaN(max)) {
            max = 15;
        }
        return (r.other0 != null && r.other0 > max) || (r.other1 != null && r.other1 > max);
    }

    String ratio(Row c, Row p, boolean throughput) {
        if (c == null || p == null || c.failed() || p.failed()) {
            return "—";
        }
        double a = throughput ? c.mib : c.ops;
        double b = throughput ? p.mib : p.ops;
        if (b <= 0) {
            if (a <= 0) {
                return "—";
            }
            double bound = throughput ? Double.NaN : noneCompletedBound(p);
            return Double.isNaN(bound) ? "∞ (s3proxy completed none)" : "> " + times(a / bound) + " (s3proxy completed none)";
        }
        return times(a / b);
    }

    void ceilingTable(StringBuilder sb) {
        sb.append("### The machine's ceiling (same run)\n\n");
        sb.append("| Measure | Conc. | ops/s | MiB/s | p99 ms | generator CPU | server CPU | other load CPU 0 / CPU 1 |\n"
                + "|---|--:|--:|--:|--:|--:|--:|--:|\n");
        String[][] nginx = {{"get4k", "wrk", "nginx, 4 KiB static GET (wrk)"}, {"stat4k", "ab", "nginx, 4 KiB static HEAD (ab -i)"},
                {"get1m", "wrk", "nginx, 1 MiB static GET (wrk)"}, {"get64m", "wrk", "nginx, 64 MiB static GET (wrk)"}};
        for (String[] n : nginx) {
            for (int conc : concs) {
                Row r = main("nginx", n[0], conc, n[1]);
                if (r == null) {
                    continue;
                }
                sb.append("| ").append(n[2]).append(" | ").append(conc);
                if (r.failed()) {
                    sb.append(" | failed | | | | | |\n");
                    continue;
                }
                sb.append(" | ").append(ops(r.ops)).append(disturbed(r) ? " ‡" : "").append(" | ")
                        .append(r.mib != null && r.mib > 0 ? mib(r.mib) : "—")
                        .append(" | ").append(ms(r.p99)).append(" | ").append(cpu(r.clientCpu)).append(" | ")
                        .append(cpu(r.serverCpu)).append(" | ").append(cpu(r.other0)).append(" / ").append(cpu(r.other1))
                        .append(" |\n");
            }
        }
        sb.append("| JDK MD5, one thread on CPU ").append(facts.getOrDefault("server_cpu", "0")).append(" (`bench/tools/Md5Speed.java`) | | | ")
                .append(mib(fact("md5_mib_s"))).append(" | | | | |\n");
        sb.append("| Disk, `dd bs=1M count=1024 conv=fdatasync` in the data dir | | | ").append(mib(fact("dd_mib_s")))
                .append(" | | | | |\n\n");
        sb.append("CPU columns are percent of one core over the window (the generator's from `time`, the server's from "
                + "/proc): a generator near 100% means the generator, not the server, was the limit of that row. Other load: what "
                + "processes other than ours took of each core during the run (‡ above " + facts.getOrDefault("max_other_cpu", "15")
                + "%: the figure reads low).\n\n");
    }

    void targets(StringBuilder sb) {
        sb.append("### Targets of issue 4\n\n");
        sb.append("Checked at every concurrency measured; a target is met when it holds at all of them. "
                + "Where two generators measured a scenario, the better figure of each server counts.\n\n");
        sb.append("| # | Target | Result | Figures |\n|---|---|---|---|\n");
        Predicate<String> any = t -> true;

        // 1. 4 KiB GET and STAT
        {
            List<String> figs = new ArrayList<>();
            Boolean ok = true;
            for (String sc : List.of("get4k", "stat4k")) {
                for (int conc : concs) {
                    Row c = best("cairn", sc, conc, any);
                    Row p = best("s3proxy", sc, conc, any);
                    Ceiling ceil = ceiling(sc, conc);
                    String name = sc.equals("get4k") ? "GET" : "STAT";
                    if (c == null || p == null || ceil == null) {
                        ok = null;
                        figs.add(name + " c" + conc + ": not measured");
                        continue;
                    }
                    double[] vsP = new double[1];
                    String vsText = timesVs(c, p, vsP);
                    double vsN = c.ops / ceil.value;
                    if (vsP[0] < 3 || vsN < 0.5) {
                        ok = ok == null ? null : false;
                    }
                    figs.add(name + " c" + conc + ": " + ops(c.ops) + " ops/s (" + TOOL_LABEL.get(c.tool) + ") = "
                            + vsText + " s3proxy (" + ops(p.ops) + "), " + pct(vsN) + " of nginx (" + ops(ceil.value) + ")");
                }
            }
            target(sb, 1, "4 KiB GET and STAT ≥ 3× s3proxy ops/s and ≥ 50% of nginx's static 4 KiB rate", ok, figs);
        }
        // 2. 4 KiB PUT
        {
            List<String> figs = new ArrayList<>();
            Boolean ok = true;
            for (int conc : concs) {
                Row c = best("cairn", "put4k", conc, any);
                Row p = best("s3proxy", "put4k", conc, any);
                if (c == null || p == null) {
                    ok = null;
                    figs.add("c" + conc + ": not measured");
                    continue;
                }
                double[] vs = new double[1];
                String vsText = timesVs(c, p, vs);
                if (vs[0] < 3) {
                    ok = ok == null ? null : false;
                }
                figs.add("c" + conc + ": " + ops(c.ops) + " ops/s (durable) = " + vsText + " s3proxy (" + ops(p.ops) + ")");
            }
            target(sb, 2, "4 KiB PUT (durable) ≥ 3× s3proxy ops/s", ok, figs);
        }
        // 3. 1 MiB and 64 MiB GET
        {
            List<String> figs = new ArrayList<>();
            Boolean ok = true;
            for (String sc : List.of("get1m", "get64m")) {
                for (int conc : concs) {
                    Row c = bestMib("cairn", sc, conc);
                    Ceiling ceil = ceiling(sc, conc);
                    String name = sc.equals("get1m") ? "1 MiB" : "64 MiB";
                    if (c == null || ceil == null) {
                        ok = null;
                        figs.add(name + " c" + conc + ": not measured");
                        continue;
                    }
                    double vs = c.mib / ceil.value;
                    if (vs < 0.8) {
                        ok = ok == null ? null : false;
                    }
                    figs.add(name + " c" + conc + ": " + mib(c.mib) + " MiB/s (" + TOOL_LABEL.get(c.tool) + ") = " + pct(vs)
                            + " of nginx (" + mib(ceil.value) + ")");
                }
            }
            target(sb, 3, "1 MiB and 64 MiB GET ≥ 80% of nginx's throughput on the same file size", ok, figs);
        }
        // 4. 64 MiB PUT
        {
            List<String> figs = new ArrayList<>();
            Boolean ok = true;
            for (int conc : concs) {
                Row c = bestMib("cairn", "put64m", conc);
                Ceiling ceil = ceiling("put64m", conc);
                if (c == null || ceil == null) {
                    ok = null;
                    figs.add("c" + conc + ": not measured");
                    continue;
                }
                double vs = c.mib / ceil.value;
                if (vs < 0.7) {
                    ok = ok == null ? null : false;
                }
                figs.add("c" + conc + ": " + mib(c.mib) + " MiB/s = " + pct(vs) + " of " + mib(ceil.value) + " (" + ceil.label + ")");
            }
            figs.add("ceilings: MD5 " + mib(fact("md5_mib_s")) + " MiB/s, dd " + mib(fact("dd_mib_s")) + " MiB/s");
            target(sb, 4, "64 MiB PUT ≥ 70% of the lower of the JDK's one-core MD5 and the disk's fdatasync write", ok, figs);
        }
        // 5. LIST
        {
            List<String> figs = new ArrayList<>();
            Boolean ok = true;
            for (int conc : concs) {
                Row c = best("cairn", "list", conc, any);
                Row p = best("s3proxy", "list", conc, any);
                if (c == null || p == null) {
                    ok = null;
                    figs.add("c" + conc + ": not measured");
                    continue;
                }
                double[] vs = new double[1];
                String vsText = timesVs(c, p, vs);
                if (vs[0] < 100) {
                    ok = ok == null ? null : false;
                }
                String peer = p.ops > 0 ? opsFine(p.ops) + " pages/s"
                        : "none completed in the window: < " + opsFine(noneCompletedBound(p)) + " pages/s";
                figs.add("c" + conc + ": " + ops(c.ops) + " pages/s = " + vsText + " s3proxy (" + peer + ")");
            }
            target(sb, 5, "LIST 1,000 of 10,000 keys ≥ 100× s3proxy", ok, figs);
        }
        // 6. memory
        {
            double idle = fact("cairn_rss_idle_kib") / 1024;
            double peak = fact("cairn_rss_peak_c64_kib") / 1024;
            Boolean ok;
            if (Double.isNaN(idle) || Double.isNaN(peak) || peak <= 0) {
                ok = null;
            } else {
                ok = idle < 300 && peak < 1024;
            }
            target(sb, 6, "Resident memory: idle < 300 MiB, during the 64-connection runs < 1 GiB", ok,
                    List.of("idle " + mib(idle) + " MiB, peak at 64 connections " + (peak > 0 ? mib(peak) : "—") + " MiB"));
        }
        sb.append("\n");
    }

    Row bestMib(String server, String scenario, int conc) {
        Row best = null;
        for (Row r : rows) {
            if (r.server.equals(server) && r.scenario.equals(scenario) && r.conc == conc && !r.failed()
                    && r.mib != null && (r.op.equals("ALL") || !r.tool.equals("bench"))) {
                if (best == null || r.mib > best.mib) {
                    best = r;
                }
            }
        }
        return best;
    }

    void target(StringBuilder sb, int n, String text, Boolean ok, List<String> figs) {
        sb.append("| ").append(n).append(" | ").append(text).append(" | ")
                .append(ok == null ? "not measured" : ok ? "**met**" : "**not met**").append(" | ")
                .append(String.join("; ", figs)).append(" |\n");
    }

    void memory(StringBuilder sb) {
        sb.append("### Resident memory (VmRSS)\n\n");
        sb.append("| Server | idle after start | peak, 64-connection runs | peak, whole run | idle after the run |\n|---|--:|--:|--:|--:|\n");
        for (String s : List.of("cairn", "s3proxy")) {
            if (!facts.containsKey(s + "_rss_idle_kib")) {
                continue;
            }
            sb.append("| ").append(s.equals("cairn") ? "Cairn" : "s3proxy").append(" | ")
                    .append(mib(fact(s + "_rss_idle_kib") / 1024)).append(" MiB | ")
                    .append(mib(fact(s + "_rss_peak_c64_kib") / 1024)).append(" MiB | ")
                    .append(mib(fact(s + "_rss_peak_kib") / 1024)).append(" MiB | ")
                    .append(mib(fact(s + "_rss_after_kib") / 1024)).append(" MiB |\n");
        }
        sb.append("\n");
    }

    void details(StringBuilder sb) {
        sb.append("<details><summary>Every run (per operation; raw JSON and logs in bench-results/)</summary>\n\n");
        sb.append("| Server | Scenario | Conc. | Generator | Op | ops/s | MiB/s | p50 ms | p90 ms | p99 ms | max ms | errors "
                + "| generator CPU | generator µs/op | server CPU | other load CPU 0 / CPU 1 |\n");
        sb.append("|---|---|--:|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (Row r : rows) {
            if (r.tool.equals("bench") && r.op.equals("ALL") && !r.scenario.equals("mixed64k") && !r.failed()) {
                continue; // the same as its single operation
            }
            sb.append("| ").append(r.server).append(" | ").append(r.scenario).append(" | ").append(r.conc).append(" | ")
                    .append(r.tool).append(" | ").append(r.op);
            if (r.failed()) {
                sb.append(" | failed | | | | | | | | | | |\n");
                continue;
            }
            sb.append(" | ").append(opsFine(r.ops)).append(" | ").append(mib(r.mib)).append(" | ").append(ms(r.p50))
                    .append(" | ").append(ms(r.p90)).append(" | ").append(ms(r.p99)).append(" | ").append(ms(r.max))
                    .append(" | ").append(r.errors == null ? "" : ops(r.errors)).append(" | ").append(cpu(r.clientCpu))
                    .append(" | ").append(r.clientUsOp == null ? "" : String.format(Locale.ROOT, "%.1f", r.clientUsOp))
                    .append(" | ").append(cpu(r.serverCpu)).append(" | ").append(cpu(r.other0)).append(" / ")
                    .append(cpu(r.other1)).append(" |\n");
        }
        sb.append("\nGenerator and server CPU: percent of one core over the measured window (the bench tool's own "
                + "figure for its rows). Other load: what processes other than ours took of the server's core (0) and "
                + "the generator's core (1) during the run (for bench-tool rows, over the whole invocation); a run above "
                + facts.getOrDefault("max_other_cpu", "15") + "% was repeated.\n");
        sb.append("\n</details>\n");
    }

    static String ops(Double v) {
        if (v == null || v.isNaN()) {
            return "—";
        }
        return String.format(Locale.ROOT, "%,d", Math.round(v));
    }

    static String opsFine(Double v) {
        if (v == null || v.isNaN()) {
            return "—";
        }
        return v < 10 ? String.format(Locale.ROOT, "%.2f", v) : ops(v);
    }

    static String mib(Double v) {
        if (v == null || v.isNaN()) {
            return "—";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%,d", Math.round(v)) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String ms(Double v) {
        if (v == null || v.isNaN()) {
            return "—";
        }
        if (v >= 100) {
            return String.format(Locale.ROOT, "%,d", Math.round(v));
        }
        return v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.0f%%", v * 100);
    }

    static String times(double v) {
        if (Double.isInfinite(v)) {
            return "∞";
        }
        return v >= 10 ? String.format(Locale.ROOT, "%,.0f×", v) : String.format(Locale.ROOT, "%.2f×", v);
    }

    static String cpu(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.0f%%", v);
    }
}
