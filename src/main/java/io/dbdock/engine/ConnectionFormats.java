package io.dbdock.engine;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The connection strings of one engine: a URI, a JDBC URL where a JDBC driver exists, and
 * environment lines for a {@code .env} file. User names and passwords are percent-encoded.
 */
public record ConnectionFormats(
        Function<Endpoint, String> uri,
        Function<Endpoint, String> jdbc,
        Function<Endpoint, List<String>> env) {

    public String uri(Endpoint endpoint) {
        return uri.apply(endpoint);
    }

    public Optional<String> jdbc(Endpoint endpoint) {
        return jdbc == null ? Optional.empty() : Optional.of(jdbc.apply(endpoint));
    }

    public List<String> env(Endpoint endpoint) {
        return env.apply(endpoint);
    }

    /** Percent-encodes a URI component (unreserved characters and '*' stay as they are). */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("%7E", "~");
    }

    /** scheme://user:password@host:port/path */
    static String userInfoUri(String scheme, Endpoint e, String path) {
        Credentials c = e.credentials();
        return scheme + "://" + encode(c.user()) + ":" + encode(c.password()) + "@" + e.uriHost() + ":" + e.port()
                + "/" + path;
    }
}
