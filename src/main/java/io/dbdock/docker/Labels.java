package io.dbdock.docker;

/** The io.dbdock.* labels on every container and volume dbdock creates; it touches nothing without them. */
public final class Labels {
    public static final String MANAGED = "io.dbdock.managed";
    public static final String INSTANCE = "io.dbdock.instance";
    public static final String NAME = "io.dbdock.name";
    public static final String ENGINE = "io.dbdock.engine";
    public static final String VERSION = "io.dbdock.version";
    /** The engine's variant ("pgvector"); absent on plain-engine instances. */
    public static final String VARIANT = "io.dbdock.variant";
    public static final String PORT = "io.dbdock.port";
    public static final String BIND = "io.dbdock.bind";
    public static final String STORAGE = "io.dbdock.storage";
    public static final String ROLE = "io.dbdock.role";
    /** Which data root the instance belongs to ({@code DataRoot.id()}), and its folder and container slug. */
    public static final String ROOT = "io.dbdock.root";
    public static final String SLUG = "io.dbdock.slug";
    public static final String CREATED = "io.dbdock.created";

    private Labels() {
    }
}
