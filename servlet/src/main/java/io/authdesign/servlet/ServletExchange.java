package io.authdesign.servlet;

import io.authdesign.http.Endpoint;
import io.authdesign.http.HttpRequest;
import io.authdesign.http.HttpResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

/** Translates between the servlet request and response and core's model; nothing else. */
final class ServletExchange {

    private ServletExchange() {}

    /**
     * The path inside the web application: endpoint paths are the issuer's path followed by the route path,
     * so an issuer with a path is served from a context of that path.
     */
    static String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        String path = context != null && !context.isEmpty() && uri.startsWith(context)
                ? uri.substring(context.length())
                : uri;
        return path.isEmpty() ? "/" : path;
    }

    /** Answers one request with an endpoint, which turns every failure into its error response. */
    static void serve(Endpoint endpoint, HttpServletRequest request, HttpServletResponse response) throws IOException {
        write(
                endpoint.serve(() -> {
                    try (InputStream body = request.getInputStream()) {
                        return requestLine(request)
                                .body(body, request.getContentLengthLong())
                                .build();
                    }
                }),
                response);
    }

    /** The request line and headers, without the body. */
    static HttpRequest.Builder requestLine(HttpServletRequest servlet) {
        HttpRequest.Builder request = HttpRequest.builder(servlet.getMethod(), path(servlet))
                .query(servlet.getQueryString())
                .remoteAddress(servlet.getRemoteAddr());
        Enumeration<String> names = servlet.getHeaderNames();
        for (String name : names == null ? List.<String>of() : Collections.list(names)) {
            for (String value : Collections.list(servlet.getHeaders(name))) {
                request.header(name, value);
            }
        }
        return request;
    }

    /** Copies a core response to the servlet response as it is. */
    static void write(HttpResponse response, HttpServletResponse servlet) throws IOException {
        servlet.setStatus(response.status());
        for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
            if (header.getKey().equalsIgnoreCase("Content-Type")) {
                servlet.setContentType(header.getValue().get(0));
            } else {
                header.getValue().forEach(value -> servlet.addHeader(header.getKey(), value));
            }
        }
        byte[] body = response.body();
        servlet.setContentLength(body.length);
        if (body.length > 0) {
            servlet.getOutputStream().write(body);
        }
    }
}
