package io.authdesign.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The start-up training run ({@code java -XX:AOTCacheOutput=FILE -jar authdesign-server.jar train}): starts
 * the demo server on a free loopback port, sends it the requests of a typical first minute (metadata, keys,
 * a client credentials token, a protected route, the sign-in page, a device authorization), and stops. The
 * JDK records the classes it loaded and linked and the methods it profiled into an AOT cache (JEP 483, 514,
 * 515), which later starts read instead of redoing that work. The build runs it on JDK 25 and newer.
 */
final class Training {

    private static final Pattern SECRET = Pattern.compile("client " + Main.Demo.CLIENT_ID + " / secret (\\S+)");
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");

    private Training() {}

    /** Runs the training; 0 when every request was answered as expected, 1 otherwise. */
    static int run(PrintStream out, PrintStream err) {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            err.println("No free port for the training run: " + e.getMessage());
            return 1;
        }
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        AtomicReference<ReferenceServer> server = new AtomicReference<>();
        int status =
                Main.run(new String[0], new PrintStream(banner, true, StandardCharsets.UTF_8), err, port, server::set);
        if (status != 0 || server.get() == null) {
            return status == 0 ? 1 : status;
        }
        try (ReferenceServer running = server.get()) {
            URI base = URI.create("http://127.0.0.1:" + running.port());
            Matcher secret = SECRET.matcher(banner.toString(StandardCharsets.UTF_8));
            if (!secret.find()) {
                err.println("The demo banner names no client secret");
                return 1;
            }
            requests(base, secret.group(1));
            out.println("Training run done on " + base);
            return 0;
        } catch (IOException | IllegalStateException e) {
            err.println("The training run failed: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static void requests(URI base, String secret) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String basic = "Basic "
                    + Base64.getEncoder()
                            .encodeToString((Main.Demo.CLIENT_ID + ":" + secret).getBytes(StandardCharsets.UTF_8));
            for (int round = 0; round < 200; round++) {
                expect(http, get(base, "/.well-known/oauth-authorization-server"), 200);
                expect(http, get(base, "/.well-known/openid-configuration"), 200);
                expect(http, get(base, "/oauth2/keys"), 200);
                expect(http, get(base, ReferenceServer.HEALTH), 200);
                String token = expect(
                        http,
                        form(base, "/oauth2/token", "grant_type=client_credentials&scope=read")
                                .header("Authorization", basic)
                                .build(),
                        200);
                Matcher accessToken = ACCESS_TOKEN.matcher(token);
                if (!accessToken.find()) {
                    throw new IllegalStateException("The token response holds no access token");
                }
                expect(
                        http,
                        HttpRequest.newBuilder(base.resolve(ReferenceServer.ME))
                                .header("Authorization", "Bearer " + accessToken.group(1))
                                .build(),
                        200);
                expect(http, get(base, ReferenceServer.ME), 401);
                expect(
                        http,
                        form(base, "/oauth2/token", "grant_type=client_credentials")
                                .header("Authorization", "Basic bm9ib2R5Om5vdGhpbmc=")
                                .build(),
                        401);
                if (round % 20 == 0) {
                    expect(
                            http,
                            get(
                                    base,
                                    "/oauth2/authorize?response_type=code&client_id=" + Main.Demo.APP_ID
                                            + "&scope=openid&state=s&code_challenge="
                                            + "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"),
                            200);
                    expect(
                            http,
                            form(base, "/oauth2/devicecode", "client_id=" + Main.Demo.DEVICE_ID + "&scope=openid")
                                    .build(),
                            200);
                }
            }
        }
    }

    private static HttpRequest get(URI base, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).build();
    }

    private static HttpRequest.Builder form(URI base, String path, String body) {
        return HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static String expect(HttpClient http, HttpRequest request, int status)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != status) {
            throw new IllegalStateException(request.method() + " "
                    + request.uri().getPath() + " answered " + response.statusCode() + ", not " + status);
        }
        return response.body();
    }
}
