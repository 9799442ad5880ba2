package dev.chatgen.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private final Metrics metrics = new Metrics();

    @Test
    void aCounter_isWrittenWithHelpTypeAndEscapedLabels() {
        Counter c = metrics.counter("chatgen_things_total", "Things.\nWith a \\ backslash.", "kind");
        c.inc("say \"hi\"\\\n");
        c.add(2.5, "plain");

        String text = metrics.scrape();

        assertEquals("""
                # HELP chatgen_things_total Things.\\nWith a \\\\ backslash.
                # TYPE chatgen_things_total counter
                chatgen_things_total{kind="plain"} 2.5
                chatgen_things_total{kind="say \\"hi\\"\\\\\\n"} 1
                """, text);
        Exposition parsed = Exposition.parse(text);
        assertEquals(1, parsed.value("chatgen_things_total", Map.of("kind", "say \"hi\"\\\n")), "escaping round-trips");
    }

    @Test
    void aHistogram_hasCumulativeBuckets_plusInf_sumAndCount() {
        Histogram h = metrics.histogram("chatgen_wait_seconds", "Waits.", new double[]{0.005, 0.1, 1}, "stage");
        h.observe(0.005, "a"); // on a bound: counted in it (le means <=)
        h.observe(0.05, "a");
        h.observe(Duration.ofSeconds(5), "a");

        Exposition parsed = Exposition.parse(metrics.scrape());

        assertEquals(1, parsed.value("chatgen_wait_seconds_bucket", Map.of("stage", "a", "le", "0.005")));
        assertEquals(2, parsed.value("chatgen_wait_seconds_bucket", Map.of("stage", "a", "le", "0.1")));
        assertEquals(2, parsed.value("chatgen_wait_seconds_bucket", Map.of("stage", "a", "le", "1")));
        assertEquals(3, parsed.value("chatgen_wait_seconds_bucket", Map.of("stage", "a", "le", "+Inf")));
        assertEquals(5.055, parsed.value("chatgen_wait_seconds_sum", Map.of("stage", "a")), 1e-9);
        assertEquals(3, parsed.value("chatgen_wait_seconds_count", Map.of("stage", "a")));
    }

    @Test
    void declaredSeries_showAtZero_beforeTheirFirstEvent() {
        metrics.counter("chatgen_errors_total", "Errors.", "kind").declare("plan_failed");
        metrics.histogram("chatgen_stage_seconds", "Stages.", new double[]{1}, "stage").declare("render");
        metrics.counter("chatgen_plain_total", "Unlabelled counters start at 0.");

        Exposition parsed = Exposition.parse(metrics.scrape());

        assertEquals(0, parsed.value("chatgen_errors_total", Map.of("kind", "plan_failed")));
        assertEquals(0, parsed.value("chatgen_stage_seconds_count", Map.of("stage", "render")));
        assertEquals(0, parsed.value("chatgen_plain_total"));
    }

    @Test
    void aGauge_isReadAtScrape_andAFailedReadLeavesAGap() {
        int[] reads = {0};
        metrics.gauge("chatgen_jobs", "Jobs.", List.of("state"), () -> Map.of(List.of("queued"), (double) ++reads[0]));
        metrics.gauge("chatgen_broken", "Always fails.", List.of(), () -> {
            throw new IllegalStateException("database gone");
        });

        assertEquals(1, Exposition.parse(metrics.scrape()).value("chatgen_jobs", Map.of("state", "queued")));
        Exposition second = Exposition.parse(metrics.scrape());
        assertEquals(2, second.value("chatgen_jobs", Map.of("state", "queued")));
        assertTrue(second.families.get("chatgen_broken").samples.isEmpty());
    }

    @Test
    void numbers_areWrittenAsPrometheusClientsDo() {
        assertEquals("1", PrometheusText.number(1.0));
        assertEquals("0.0001", PrometheusText.number(1e-4));
        assertEquals("2.5", PrometheusText.number(2.5));
        assertEquals("-3", PrometheusText.number(-3));
        assertEquals("+Inf", PrometheusText.number(Double.POSITIVE_INFINITY));
        assertEquals("NaN", PrometheusText.number(Double.NaN));
    }

    @Test
    void misuse_isRefusedAtOnce() {
        metrics.counter("chatgen_once_total", "Once.");
        assertThrows(IllegalArgumentException.class, () -> metrics.counter("chatgen_once_total", "Twice."));
        assertThrows(IllegalArgumentException.class, () -> metrics.counter("chatgen bad name", "Spaces."));
        assertThrows(IllegalArgumentException.class, () -> metrics.histogram("chatgen_h", "le is the format's.", new double[]{1}, "le"));
        assertThrows(IllegalArgumentException.class, () -> metrics.histogram("chatgen_h2", "Bounds must rise.", new double[]{1, 1}));
        Counter c = metrics.counter("chatgen_labelled_total", "Labelled.", "a", "b");
        assertThrows(IllegalArgumentException.class, () -> c.inc("only-one"));
        assertThrows(IllegalArgumentException.class, () -> c.add(-1, "x", "y"));
    }

    @Test
    void updatesFromManyThreads_areAllCounted_andEveryScrapeParses() throws Exception {
        Counter c = metrics.counter("chatgen_hits_total", "Hits.", "worker");
        Histogram h = metrics.histogram("chatgen_took_seconds", "Took.", new double[]{0.5});
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            String worker = "w" + t;
            pool.execute(() -> {
                for (int i = 0; i < 10_000; i++) {
                    c.inc(worker);
                    h.observe(i % 2 == 0 ? 0.1 : 1.0);
                }
            });
        }
        for (int i = 0; i < 20; i++) {
            Exposition.parse(metrics.scrape()); // consistent while written: +Inf equals _count
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));

        Exposition parsed = Exposition.parse(metrics.scrape());
        for (int t = 0; t < 4; t++) {
            assertEquals(10_000, parsed.value("chatgen_hits_total", Map.of("worker", "w" + t)));
        }
        assertEquals(40_000, parsed.value("chatgen_took_seconds_count"));
        assertEquals(20_000, parsed.value("chatgen_took_seconds_bucket", Map.of("le", "0.5")));
    }
}
