package io.authdesign.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The constant-rate generator keeps its schedule and charges a stall to every request it delayed. */
class ConstantRateLoadTest {

    private HttpServer server;

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI serve(AtomicBoolean stallOnce) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            if (stallOnce.compareAndSet(true, false)) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Test
    void sendsAtTheRateOnEveryConnection() throws Exception {
        URI uri = serve(new AtomicBoolean(false));
        ConstantRateLoad load = new ConstantRateLoad(ConstantRateLoad.Target.get(uri), 200, 2);

        ConstantRateLoad.Result result = load.run(1.0);

        assertThat(result.sent()).isBetween(195L, 200L);
        assertThat(result.non200()).isZero();
        assertThat(result.latencies().getTotalCount()).isEqualTo(result.sent());
    }

    @Test
    void aStallIsChargedToTheRequestsThatShouldHaveBeenSentDuringIt() throws Exception {
        URI uri = serve(new AtomicBoolean(true));
        // one connection at 100/s: the first request stalls 300 ms, so about 30 more were due meanwhile
        ConstantRateLoad load = new ConstantRateLoad(ConstantRateLoad.Target.get(uri), 100, 1);

        ConstantRateLoad.Result result = load.run(1.0);

        // a closed-loop generator would record one slow request; measured from the intended send time,
        // every request scheduled during the stall waited for it
        long slow = result.latencies().getCountBetweenValues(100_000_000L, Long.MAX_VALUE / 2);
        assertThat(slow).isGreaterThanOrEqualTo(15);
        assertThat(result.latencies().getMaxValue()).isGreaterThanOrEqualTo(290_000_000L);
    }
}
