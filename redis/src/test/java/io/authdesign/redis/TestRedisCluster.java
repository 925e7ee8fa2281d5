package io.authdesign.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A three-master Redis Cluster on loopback, started once for the test JVM from the machine's
 * {@code redis-server} and {@code redis-cli} (cluster mode, no persistence, no replicas) and stopped when
 * the JVM exits. Each {@link #open} connects stores under a fresh key prefix.
 */
final class TestRedisCluster implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration READY_WITHIN = Duration.ofSeconds(30);
    private static List<Integer> ports;

    private final String prefix = "authdesign-cluster-test:" + HexFormat.of().formatHex(RANDOM.generateSeed(6)) + ":";
    private final List<RedisStores> opened = new ArrayList<>();

    /**
     * Stores under this instance's prefix on the cluster, starting the cluster at the first call; a second
     * call opens another connection on the same keys, as another node would.
     */
    RedisStores open(Clock clock) {
        RedisStores stores = RedisStores.connectCluster(
                "redis://127.0.0.1:" + nodes().get(0),
                clock,
                RedisStoreOptions.defaults().withKeyPrefix(prefix));
        opened.add(stores);
        return stores;
    }

    /** Every key under the prefix on every master, with its values. */
    List<String> everythingStored() {
        List<String> texts = new ArrayList<>();
        for (int port : nodes()) {
            texts.addAll(TestRedis.everythingStored("redis://127.0.0.1:" + port, prefix));
        }
        return texts;
    }

    /** The ports of the three masters. */
    static synchronized List<Integer> nodes() {
        if (ports == null) {
            ports = start();
        }
        return ports;
    }

    @Override
    public void close() {
        opened.forEach(RedisStores::close);
        opened.clear();
    }

    private static List<Integer> start() {
        try {
            Path dir = Files.createTempDirectory("authdesign-redis-cluster");
            List<Integer> started = new ArrayList<>();
            List<Process> processes = new ArrayList<>();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.forEach(Process::destroy)));
            for (int i = 0; i < 3; i++) {
                int port = freePort();
                processes.add(new ProcessBuilder(
                                "redis-server",
                                "--port",
                                Integer.toString(port),
                                "--bind",
                                "127.0.0.1",
                                "--cluster-enabled",
                                "yes",
                                "--cluster-config-file",
                                "nodes-" + port + ".conf",
                                "--dir",
                                dir.toString(),
                                "--save",
                                "",
                                "--appendonly",
                                "no")
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("redis-" + port + ".log").toFile())
                        .start());
                started.add(port);
            }
            for (int port : started) {
                await(
                        () -> run("redis-cli", "-p", Integer.toString(port), "ping")
                                .contains("PONG"),
                        "node " + port);
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            started.forEach(port -> create.add("127.0.0.1:" + port));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            String output = run(create.toArray(String[]::new));
            if (!output.contains("All 16384 slots covered")) {
                throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
            }
            for (int port : started) {
                await(
                        () -> run("redis-cli", "-p", Integer.toString(port), "cluster", "info")
                                .contains("cluster_state:ok"),
                        "cluster state of node " + port);
            }
            return List.copyOf(started);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start a Redis Cluster from redis-server", e);
        }
    }

    private interface Check {
        boolean passes() throws IOException;
    }

    private static void await(Check check, String what) throws IOException {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (!check.passes()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " not ready within " + READY_WITHIN);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what, e);
            }
        }
    }

    private static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        }
        return new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
