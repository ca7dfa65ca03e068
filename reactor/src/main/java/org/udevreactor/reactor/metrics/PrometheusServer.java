package org.udevreactor.reactor.metrics;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@link PrometheusText} at {@code GET /metrics} on the loopback addresses only
 * (127.0.0.1, and ::1 where the host has IPv6): the numbers say what the machine's devices do,
 * which is no business of the network. Off unless a port is configured.
 */
public final class PrometheusServer {
    private static final Logger log = LoggerFactory.getLogger("reactor.metrics");
    static final String IPV4_LOOPBACK = "127.0.0.1";
    static final String IPV6_LOOPBACK = "::1";

    private final List<HttpServer> servers;

    private PrometheusServer(List<HttpServer> servers) {
        this.servers = servers;
    }

    /**
     * Listens on {@code port} of 127.0.0.1 (required: fails when it cannot) and of ::1 (skipped,
     * at debug, when the host has no IPv6 loopback).
     */
    public static Future<PrometheusServer> start(Vertx vertx, int port, Supplier<Future<String>> metrics) {
        List<HttpServer> servers = new ArrayList<>();
        return listen(vertx, port, IPV4_LOOPBACK, metrics).compose(v4 -> {
            servers.add(v4);
            return listen(vertx, port, IPV6_LOOPBACK, metrics).map(v6 -> {
                servers.add(v6);
                return v6;
            }).recover(noV6 -> {
                log.debug("Prometheus metrics: not on [::1]:{}: {}", port, noV6.toString());
                return Future.succeededFuture();
            });
        }).map(x -> {
            log.info("Prometheus metrics at http://{}:{}/metrics{}", IPV4_LOOPBACK, port,
                    servers.size() > 1 ? " and http://[::1]:" + port + "/metrics" : "");
            return new PrometheusServer(servers);
        });
    }

    private static Future<HttpServer> listen(Vertx vertx, int port, String host, Supplier<Future<String>> metrics) {
        return vertx.createHttpServer().requestHandler(request -> {
            if (!request.path().equals("/metrics")) {
                request.response().setStatusCode(404).end("not found: the metrics are at /metrics\n");
            } else if (!request.method().name().equals("GET") && !request.method().name().equals("HEAD")) {
                request.response().setStatusCode(405).putHeader("Allow", "GET, HEAD").end();
            } else {
                metrics.get().onComplete(text -> {
                    if (text.succeeded()) {
                        request.response().putHeader("Content-Type", PrometheusText.CONTENT_TYPE).end(text.result());
                    } else {
                        request.response().setStatusCode(503).end("metrics unavailable: " + text.cause() + "\n");
                    }
                });
            }
        }).listen(port, host);
    }

    /** The port actually bound (the one asked for, or the kernel's choice for 0). */
    public int port() {
        return servers.get(0).actualPort();
    }

    public Future<Void> close() {
        return Future.all(servers.stream().map(HttpServer::close).toList()).mapEmpty();
    }
}
