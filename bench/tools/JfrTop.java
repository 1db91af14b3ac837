import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording's CPU samples: the methods the sampled threads were in (self) and the
 * methods on their stacks (total), as shares of all samples. Native samples (threads in JNI or
 * syscalls, e.g. RocksDB or epoll) are counted apart, since JFR's execution sampler only sees Java
 * frames.
 *
 * <pre>java bench/tools/JfrTop.java recording.jfr [rows] [thread-name-filter] [focus-method]</pre>
 *
 * With a focus (a substring of Class.method), only stacks through that method count, and shares are of those.
 */
public final class JfrTop {
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    String threadFilter = args.length > 2 && !args[2].isEmpty() ? args[2] : null;
    String focus = args.length > 3 ? args[3] : null;
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    int samples = 0;
    int nativeSamples = 0;
    Map<String, Integer> nativeTop = new HashMap<>();
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      String type = e.getEventType().getName();
      boolean isNative = type.equals("jdk.NativeMethodSample");
      if (!isNative && !type.equals("jdk.ExecutionSample")) {
        continue;
      }
      String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
      if (threadFilter != null && (thread == null || !thread.contains(threadFilter))) {
        continue;
      }
      if (e.getStackTrace() == null) {
        continue;
      }
      List<RecordedFrame> frames = e.getStackTrace().getFrames();
      if (frames.isEmpty()) {
        continue;
      }
      if (focus != null && frames.stream().noneMatch(f -> name(f).contains(focus))) {
        continue;
      }
      if (isNative) {
        nativeSamples++;
        nativeTop.merge(name(frames.get(0)), 1, Integer::sum);
        continue;
      }
      samples++;
      threads.merge(thread == null ? "?" : thread.replaceAll("\\d+", "N"), 1, Integer::sum);
      self.merge(name(frames.get(0)), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame f : frames) {
        String n = name(f);
        if (seen.add(n)) {
          total.merge(n, 1, Integer::sum);
        }
      }
    }
    System.out.printf("%d Java samples, %d native samples%n", samples, nativeSamples);
    print("threads (Java samples)", threads, samples, rows);
    print("self", self, samples, rows);
    print("total (on stack)", total, samples, rows);
    print("native (top frame)", nativeTop, nativeSamples, rows);
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static void print(String title, Map<String, Integer> counts, int of, int rows) {
    System.out.printf("%n== %s%n", title);
    counts.entrySet().stream()
        .sorted((a, b) -> b.getValue() - a.getValue())
        .limit(rows)
        .forEach(en -> System.out.printf("%6.2f%%  %s%n", 100.0 * en.getValue() / Math.max(1, of), en.getKey()));
  }
}
