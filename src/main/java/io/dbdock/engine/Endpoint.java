package io.dbdock.engine;

/** Where a client on the host reaches an instance, with what credentials. */
public record Endpoint(String host, int port, Credentials credentials) {
    /** The host part as it goes into a URI: IPv6 literals in brackets. */
    public String uriHost() {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
