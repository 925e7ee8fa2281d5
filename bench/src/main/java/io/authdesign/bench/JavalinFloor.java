package io.authdesign.bench;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The start-up floor of the reference server's stack: a JVM, Jetty and Javalin answering one fixed token
 * response on {@code POST /oauth2/token}, and nothing else (no configuration, storage, keys or signing).
 * {@code bench/run-load.sh} starts it with the server's launch options and an AOT cache trained on it the way
 * the build trains the server's, and times process start to its first answer next to the server's first
 * token: what the stack itself costs, which no work of the server can go below.
 *
 * <p>{@code java -cp benchmarks.jar io.authdesign.bench.JavalinFloor PORT} serves until killed;
 * {@code ... PORT train} sends itself {@value #TRAINING_REQUESTS} requests on plain sockets and exits, for
 * {@code -XX:AOTCacheOutput=FILE} (the server's training also uses plain sockets, so that no HTTP client
 * enters the cache).
 */
public final class JavalinFloor {

    /** The requests of a training run, as many as the server's training sends tokens. */
    static final int TRAINING_REQUESTS = 200;

    private static final String BODY = "{\"access_token\":\"floor\",\"token_type\":\"Bearer\",\"expires_in\":3600}";

    private JavalinFloor() {}

    /**
     * Starts the floor server.
     *
     * @param args the port, then {@code train} for a training run that exits
     * @throws IOException when a training request fails
     */
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        Javalin app = Javalin.create(config -> {
                    config.startup.showJavalinBanner = false;
                    config.startup.showOldJavalinVersionWarning = false;
                    config.routes.post(
                            "/oauth2/token",
                            ctx -> ctx.contentType("application/json")
                                    .header("Cache-Control", "no-store")
                                    .result(BODY));
                })
                .start("127.0.0.1", port);
        if (args.length > 1 && args[1].equals("train")) {
            try {
                for (int i = 0; i < TRAINING_REQUESTS; i++) {
                    post(port);
                }
            } finally {
                app.stop();
            }
        }
    }

    /** One token request on its own connection; fails unless the answer is a 200. */
    private static void post(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /oauth2/token HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 29\r\n\r\n"
                            + "grant_type=client_credentials")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!answer.startsWith("HTTP/1.1 200")) {
                throw new IOException("The floor server answered: "
                        + answer.lines().findFirst().orElse(""));
            }
        }
    }
}
