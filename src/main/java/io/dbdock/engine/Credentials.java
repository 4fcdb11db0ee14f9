package io.dbdock.engine;

/** Who connects to an instance: user, password and the database a client opens first. */
public record Credentials(String user, String password, String database) {
    @Override
    public String toString() {
        return "Credentials[user=" + user + ", database=" + database + ", password=***]";
    }
}
