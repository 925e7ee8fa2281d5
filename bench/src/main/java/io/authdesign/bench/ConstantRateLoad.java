package io.authdesign.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * An open-loop HTTP load generator whose latencies are corrected for coordinated omission, as wrk2 does.
 *
 * <p>Requests are scheduled at a constant total rate, spread over a fixed number of connections: each of
 * {@code connections} threads owns one keep-alive connection (one request in flight at a time, Apache HttpClient's
 * classic client, which reads and writes on the calling thread: on two cores shared with the server, the JDK's
 * asynchronous client could not keep the rate of the token endpoint) and a schedule of intended send times {@code start + k * connections / rate}. The
 * latency of a request is measured from its <em>intended</em> send time, not from the moment it was
 * actually sent: when the server stalls, the requests that should have been sent during the stall are
 * charged the time they waited, as real clients arriving at that rate would have been. A closed-loop
 * generator such as wrk instead stops sending while it waits (it "coordinates" with the server) and so
 * omits exactly the slow samples from its percentiles. Latencies go into an HdrHistogram (3 significant
 * digits).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.authdesign.bench.ConstantRateLoad --url URL --rate 3000 \
 *     [--connections 8] [--warmup 5] [--duration 15] [--method POST] [--body 'a=b'] [--header 'Name: value']...
 * </pre>
 *
 * <p>The warm-up runs at the same rate and is discarded (it warms this JVM's HTTP client too). The last
 * line of the output is one machine-readable summary:
 * {@code rate=... sent=... non200=... achieved=... p50_ms=... p90_ms=... p99_ms=... p999_ms=... max_ms=...}.
 */
public final class ConstantRateLoad {

    /**
     * The request every connection repeats.
     *
     * @param method the HTTP method
     * @param uri the URL
     * @param headers name and value pairs
     * @param body the body, or {@code null}
     */
    record Target(String method, URI uri, List<String[]> headers, byte[] body) {

        /** A {@code GET} without headers. */
        static Target get(URI uri) {
            return new Target("GET", uri, List.of(), null);
        }

        ClassicHttpRequest request() {
            ClassicRequestBuilder builder = ClassicRequestBuilder.create(method).setUri(uri);
            for (String[] header : headers) {
                builder.addHeader(header[0], header[1]);
            }
            if (body != null) {
                // the Content-Type header, if any, is among the headers
                builder.setEntity(new ByteArrayEntity(body, null));
            }
            return builder.build();
        }
    }

    private final Target target;
    private final double rate;
    private final int connections;

    ConstantRateLoad(Target target, double rate, int connections) {
        this.target = target;
        this.rate = rate;
        this.connections = connections;
    }

    /** A client of one keep-alive connection. */
    private static CloseableHttpClient oneConnection() {
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(1)
                        .setMaxConnPerRoute(1)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(5))
                                .setSocketTimeout(Timeout.ofSeconds(30))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.ofSeconds(30))
                        .build())
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableRedirectHandling()
                .disableContentCompression()
                .build();
    }

    /** What one phase (warm-up or measured) of a run produced. */
    record Result(Histogram latencies, long sent, long non200, long elapsedNanos) {

        double achieved() {
            return sent * 1e9 / elapsedNanos;
        }

        double percentileMillis(double percentile) {
            return latencies.getValueAtPercentile(percentile) / 1e6;
        }
    }

    /**
     * Sends at the constant rate for {@code seconds}; returns the merged latencies of every connection.
     *
     * @param seconds how long the phase lasts
     * @return the phase's latencies, measured from the intended send times
     * @throws InterruptedException if interrupted while waiting for the connections' threads
     */
    Result run(double seconds) throws InterruptedException {
        long intervalNanos = (long) (connections * 1e9 / rate);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        long end = start + (long) (seconds * 1e9);
        List<Histogram> histograms = new ArrayList<>();
        AtomicLong sent = new AtomicLong();
        AtomicLong non200 = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Histogram histogram = new Histogram(3);
            histograms.add(histogram);
            long first = start + i * intervalNanos / connections;
            threads.add(Thread.ofPlatform()
                    .name("load-" + i)
                    .start(() -> drive(first, intervalNanos, end, histogram, sent, non200)));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Histogram all = new Histogram(3);
        histograms.forEach(all::add);
        return new Result(all, sent.get(), non200.get(), Math.max(1, System.nanoTime() - start));
    }

    private void drive(
            long first, long intervalNanos, long end, Histogram histogram, AtomicLong sent, AtomicLong non200) {
        try (CloseableHttpClient client = oneConnection()) {
            for (long intended = first; intended < end; intended += intervalNanos) {
                long wait;
                while ((wait = intended - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                int status;
                try {
                    status = client.execute(target.request(), response -> {
                        EntityUtils.consume(response.getEntity());
                        return response.getCode();
                    });
                } catch (IOException e) {
                    status = -1;
                }
                // from the intended send time: a late send is charged its wait (coordinated omission corrected)
                histogram.recordValue(System.nanoTime() - intended);
                sent.incrementAndGet();
                if (status != 200) {
                    non200.incrementAndGet();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs a warm-up and a measured phase and prints the summary.
     *
     * @param args see the class comment
     * @throws Exception if the run cannot be made
     */
    public static void main(String[] args) throws Exception {
        String url = null;
        String method = "GET";
        String body = null;
        double rate = 0;
        int connections = 8;
        double warmup = 5;
        double duration = 15;
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--url" -> url = value;
                case "--method" -> method = value;
                case "--body" -> body = value;
                case "--rate" -> rate = Double.parseDouble(value);
                case "--connections" -> connections = Integer.parseInt(value);
                case "--warmup" -> warmup = Double.parseDouble(value);
                case "--duration" -> duration = Double.parseDouble(value);
                case "--header" -> headers.add(value);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
            i++;
        }
        if (url == null || rate <= 0 || connections <= 0) {
            throw new IllegalArgumentException("--url and a positive --rate are required");
        }
        List<String[]> pairs = new ArrayList<>();
        for (String header : headers) {
            int colon = header.indexOf(':');
            pairs.add(new String[] {
                header.substring(0, colon).strip(), header.substring(colon + 1).strip()
            });
        }
        ConstantRateLoad load = new ConstantRateLoad(
                new Target(
                        method,
                        URI.create(url),
                        List.copyOf(pairs),
                        body == null ? null : body.getBytes(StandardCharsets.UTF_8)),
                rate,
                connections);
        PrintStream out = System.out;
        if (warmup > 0) {
            Result warm = load.run(warmup);
            out.printf(
                    Locale.ROOT,
                    "warm-up: %d requests, %d non-200, p99 %.2f ms%n",
                    warm.sent(),
                    warm.non200(),
                    warm.percentileMillis(99));
        }
        Result result = load.run(duration);
        result.latencies().outputPercentileDistribution(out, 5, 1e6); // in milliseconds
        out.printf(
                Locale.ROOT,
                "rate=%.0f connections=%d sent=%d non200=%d achieved=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f"
                        + " p999_ms=%.3f max_ms=%.3f%n",
                rate,
                connections,
                result.sent(),
                result.non200(),
                result.achieved(),
                result.percentileMillis(50),
                result.percentileMillis(90),
                result.percentileMillis(99),
                result.percentileMillis(99.9),
                result.latencies().getMaxValue() / 1e6);
    }
}
