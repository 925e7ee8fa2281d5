package io.authdesign.server;

import io.authdesign.observe.AuthEventListener;
import io.authdesign.observe.MicrometerAuthMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the reference server observes, as configured: a Prometheus registry fed by the library's
 * {@link MicrometerAuthMetrics} ({@code metrics: {enabled: true}}), the JSON-lines {@link AuditLog}
 * ({@code audit: {enabled: true}}), both or neither.
 */
final class Observability implements AutoCloseable {

    /** The route of the Prometheus text, served only when metrics are enabled. */
    static final String METRICS_PATH = "/metrics";

    /** The content type of the Prometheus text exposition format 0.0.4. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Optional<PrometheusMeterRegistry> registry;
    private final Optional<AuditLog> audit;
    private final AuthEventListener listener;

    private Observability(Optional<PrometheusMeterRegistry> registry, Optional<AuditLog> audit) {
        this.registry = registry;
        this.audit = audit;
        List<AuthEventListener> listeners = new ArrayList<>();
        registry.ifPresent(r -> listeners.add(new MicrometerAuthMetrics(r)));
        audit.ifPresent(listeners::add);
        this.listener = listeners.isEmpty()
                ? AuthEventListener.NONE
                : AuthEventListener.all(listeners.toArray(AuthEventListener[]::new));
    }

    /** Opens what the configuration enables; the audit file is opened for appending. */
    static Observability open(LoadedConfig.Observability config, Clock clock) {
        Optional<PrometheusMeterRegistry> registry = config.metrics()
                ? Optional.of(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
                : Optional.empty();
        Optional<AuditLog> audit = Optional.empty();
        if (config.audit()) {
            try {
                audit = Optional.of(
                        config.auditFile().isPresent()
                                ? AuditLog.toFile(config.auditFile().get(), clock)
                                : AuditLog.to(System.out, clock));
            } catch (IOException e) {
                throw new UncheckedIOException("The audit log cannot be opened: " + e.getMessage(), e);
            }
        }
        return new Observability(registry, audit);
    }

    /** Nothing observed (commands that assemble the server without serving it). */
    static Observability off() {
        return new Observability(Optional.empty(), Optional.empty());
    }

    /** The listener to give the design, its ready handlers and its sign-in guard. */
    AuthEventListener listener() {
        return listener;
    }

    /** The Prometheus registry, when metrics are enabled. */
    Optional<PrometheusMeterRegistry> registry() {
        return registry;
    }

    @Override
    public void close() {
        audit.ifPresent(AuditLog::close);
        registry.ifPresent(PrometheusMeterRegistry::close);
    }
}
