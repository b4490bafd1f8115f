package dev.larder.benchmarks.faults;

import dev.larder.benchmarks.load.LatencySummary;
import dev.larder.benchmarks.report.MachineInfo;
import dev.larder.benchmarks.report.MarkdownReport;
import dev.larder.benchmarks.workload.BenchWorkload;
import dev.larder.proto.serving.v1.FieldStatus;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/** The Markdown section of a fault benchmark run: setup, one table of phases, what it shows. */
public final class FaultReport {

  private FaultReport() {}

  /** The section, starting with a level-2 heading. */
  public static String section(FaultResults r, MachineInfo machine) {
    FaultSettings s = r.settings();
    StringBuilder out = new StringBuilder();
    out.append(MarkdownReport.heading("Serving under faults benchmark", r.startedAt()));
    MarkdownReport.line(out, "Command", "`" + s.command() + "`");
    MarkdownReport.line(out, "Machine", machine.describe());
    MarkdownReport.line(out, "JVM", machine.jvm() + " (load generator and feature server)");
    MarkdownReport.line(
        out,
        "Redis",
        r.redisVersion()
            + ", private `redis-server` on 127.0.0.1; a snapshot is saved before the kill and"
            + " loaded by the restarted server");
    MarkdownReport.line(
        out,
        "Workload",
        String.format(
            Locale.ROOT,
            "%,d entities x %d views x %d features in Redis; every request asks for the %d"
                + " features of one random entity (%d keys)",
            s.entities(),
            BenchWorkload.VIEWS,
            BenchWorkload.FEATURES_PER_VIEW,
            BenchWorkload.FEATURES,
            BenchWorkload.VIEWS));
    MarkdownReport.line(
        out,
        "Load",
        String.format(
            Locale.ROOT,
            "open loop at %d req/s (sent at a fixed rate whatever the answers), client deadline %s,"
                + " one gRPC channel (four for the overload); %s closed-loop warm-up first; each fault preceded by %s of"
                + " the same load (its no-fault reference)",
            s.rate(),
            MarkdownReport.human(s.requestTimeout()),
            MarkdownReport.human(s.warmup()),
            MarkdownReport.human(s.phase())));
    MarkdownReport.line(
        out,
        "Server",
        String.format(
            Locale.ROOT,
            "child JVM `-Xms%s -Xmx%s`%s; guards as shipped: online-store deadline %d ms counted"
                + " from the request's arrival, max in flight %s; cold start on for `%s`",
            s.serverHeap(),
            s.serverHeap(),
            s.serverJvmArgs().isEmpty() ? "" : " `" + String.join(" ", s.serverJvmArgs()) + "`",
            r.deadlineMillis(),
            s.maxInFlight().map(String::valueOf).orElse("256 (default)"),
            BenchWorkload.viewName(0)));
    out.append('\n');
    out.append(
        "| phase | load | calls | failed | statuses of the feature values | p50 ms | p99 ms |"
            + " p99.9 ms | max ms | p99 vs baseline |\n");
    out.append("|---|---|---:|---:|---|---:|---:|---:|---:|---:|\n");
    long base = r.baseline().latency().p99Micros();
    String rate = s.rate() + " req/s";
    row(out, "Redis MGET (baseline), no fault", rate, r.baseline(), base);
    row(out, "Larder, no fault", rate, r.steady(), base);
    row(out, "Larder, before the kill", rate, r.kill().before(), base);
    row(
        out,
        "Larder, Redis killed " + MarkdownReport.human(s.outage()),
        rate,
        r.kill().during(),
        base);
    row(out, "Larder, after Redis is back", rate, r.kill().after(), base);
    row(out, "Larder, before the pause", rate, r.pause().before(), base);
    row(
        out,
        "Larder, Redis paused " + MarkdownReport.human(s.pause()),
        rate,
        r.pause().during(),
        base);
    FaultResults.Overload o = r.overload();
    row(
        out,
        "Larder, closed loop (saturation; the sustainable rate is a share of its rate)",
        "closed loop, " + s.probeConcurrency() + " in flight",
        new FaultResults.Phase(o.probe().requests(), 0, o.probe(), Map.of()),
        base);
    String overload = String.format(Locale.ROOT, "%,.0f req/s", o.offered());
    row(
        out,
        "Larder, overload " + s.overloadFactor() + "x: admitted",
        overload,
        o.admitted(),
        base);
    row(out, "Larder, overload: shed (RESOURCE_EXHAUSTED)", overload, o.shed(), base);
    FaultResults.ColdStart c = r.coldStart();
    row(
        out,
        "Cold start: first read (offline lookup)",
        "one at a time",
        new FaultResults.Phase(c.first().requests(), 0, c.first(), Map.of()),
        base);
    row(
        out,
        "Cold start: second read (from Redis)",
        "one at a time",
        new FaultResults.Phase(c.second().requests(), 0, c.second(), Map.of()),
        base);
    out.append('\n');
    FaultResults.Kill k = r.kill();
    out.append(
        String.format(
            Locale.ROOT,
            "- Redis killed: %,d failed calls of %,d; answers while down: p99 %.2f ms, max %.2f ms;"
                + " PRESENT again %s after Redis answered; %,d calls started 2 s or more after"
                + " the restart were STALE.%n",
            k.before().failed() + k.during().failed() + k.after().failed(),
            k.before().calls() + k.during().calls() + k.after().calls(),
            ms(k.during().latency().p99Micros()),
            ms(k.during().latency().maxMicros()),
            millis(k.presentAfterMillis()),
            k.staleLateCalls()));
    double pausedP99 = ms(r.pause().during().latency().p99Micros());
    out.append(
        String.format(
            Locale.ROOT,
            "- Redis paused: p99 %.2f ms against the %d ms deadline (target: deadline + 2 ms = %d"
                + " ms, %s); p99 before the pause %.2f ms.%n",
            pausedP99,
            r.deadlineMillis(),
            r.deadlineMillis() + 2,
            pausedP99 <= r.deadlineMillis() + 2 ? "met" : "missed",
            ms(r.pause().before().latency().p99Micros())));
    out.append(
        String.format(
            Locale.ROOT,
            "- Overload: sustainable %,.0f req/s (the highest of 80, 60, 40 and 20%% of the closed"
                + " loop's rate answered open loop with a p99 within the deadline), offered %,.0f req/s; %,d admitted"
                + " (client-side p99 %.2f ms; server-side p99 from arrival to answer <= %s), %,d"
                + " shed (client-side p50 %.2f ms, p99 %.2f ms; server time per shed call: mean"
                + " %s, max %s), %,d failed otherwise (client deadline, or no outcome 15 s after"
                + " the load stopped).%n",
            o.sustainable(),
            o.offered(),
            o.admitted().calls(),
            ms(o.admitted().latency().p99Micros()),
            micros(o.admittedServerP99Micros()),
            o.shed().calls(),
            ms(o.shed().latency().p50Micros()),
            ms(o.shed().latency().p99Micros()),
            micros(o.shedServerMeanMicros()),
            micros(o.shedServerMaxMicros()),
            o.other()));
    out.append(
        String.format(
            Locale.ROOT,
            "- Cold start: %d of %d first reads served `%s` from the offline row (PRESENT, equal"
                + " to it), p50 %.2f ms; %d of %d second reads served from Redis, p50 %.2f ms.%n",
            c.servedFirst(),
            c.first().requests(),
            BenchWorkload.viewName(0),
            ms(c.first().p50Micros()),
            c.servedSecond(),
            c.second().requests(),
            ms(c.second().p50Micros())));
    return out.toString();
  }

  private static void row(
      StringBuilder out, String phase, String load, FaultResults.Phase p, long baseP99) {
    LatencySummary s = p.latency();
    out.append(
        String.format(
            Locale.ROOT,
            "| %s | %s | %,d | %,d | %s | %.3f | %.3f | %.3f | %.3f | %s |%n",
            phase,
            load,
            p.calls(),
            p.failed(),
            statuses(p.statuses()),
            ms(s.p50Micros()),
            ms(s.p99Micros()),
            ms(s.p999Micros()),
            ms(s.maxMicros()),
            baseP99 <= 0 || p.calls() == 0
                ? ""
                : String.format(Locale.ROOT, "%.2fx", (double) s.p99Micros() / baseP99)));
  }

  private static String statuses(Map<FieldStatus, Long> statuses) {
    return statuses.entrySet().stream()
        .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", "));
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }

  private static String millis(OptionalDouble value) {
    return value.isPresent()
        ? String.format(Locale.ROOT, "%.0f ms", value.getAsDouble())
        : "never (within the run)";
  }

  private static String micros(OptionalDouble value) {
    if (value.isEmpty()) {
      return "n/a";
    }
    double v = value.getAsDouble();
    return v < 1_000
        ? String.format(Locale.ROOT, "%.0f µs", v)
        : String.format(Locale.ROOT, "%.1f ms", v / 1_000);
  }
}
