package io.dbdock.instance;

import io.dbdock.common.UserFacingException;
import io.dbdock.engine.EngineCatalog;
import io.dbdock.engine.EngineSpec;
import io.dbdock.engine.EngineVariant;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Checks of what users type: names, ports, bind addresses. Each returns null or a plain sentence. */
public final class InputRules {
    public static final int MAX_NAME_LENGTH = 40;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]*");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private InputRules() {
    }

    public static String nameProblem(String name) {
        if (name == null || name.isBlank()) {
            return "The name is empty.";
        }
        if (!name.equals(name.trim())) {
            return "The name starts or ends with a space.";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "The name is longer than " + MAX_NAME_LENGTH + " characters.";
        }
        if (!NAME.matcher(name).matches()) {
            return "The name '" + name + "' may use letters, digits, spaces, dots, dashes and underscores, "
                    + "and must start with a letter or digit.";
        }
        return null;
    }

    /**
     * The engine (with its variant, if one is named) a request asks for, or a plain refusal that
     * lists what there is: an unknown engine, a variant the engine does not have, or one its
     * project publishes for none of the engine's versions.
     */
    public static EngineSpec engineFor(EngineCatalog catalog, String engineId, String variantId) {
        List<String> engines = catalog.all().stream().map(EngineSpec::id).toList();
        EngineSpec engine = catalog.find(engineId).orElseThrow(() -> UserFacingException.invalid(
                "Unknown engine '" + engineId + "'." + io.dbdock.common.Suggestions.didYouMean(engineId, engines) + " Choose one of: " + String.join(", ", engines) + "."));
        if (variantId == null || variantId.isBlank()) {
            return engine;
        }
        List<String> choices = engine.variantChoices();
        if (choices.isEmpty()) {
            String with = catalog.all().stream().filter(e -> !e.variants().isEmpty())
                    .map(e -> e.displayName() + " (" + String.join(", ", e.variantChoices()) + ")").collect(Collectors.joining(", "));
            throw UserFacingException.invalid(engine.displayName() + " has no variants; " + with + " has.");
        }
        // "timescaledb,pgvector", "pgvector+timescaledb" or a variant's id: the extensions chosen, in any order.
        List<String> chosen = Arrays.stream(variantId.split("[,+\\s]+")).filter(x -> !x.isBlank())
                .map(x -> x.trim().toLowerCase(Locale.ROOT)).distinct().toList();
        for (String c : chosen) {
            if (!choices.contains(c)) {
                throw UserFacingException.invalid(engine.displayName() + " has no variant '" + c + "'." + io.dbdock.common.Suggestions.didYouMean(c, choices)
                        + " Choose from: " + String.join(", ", choices) + ".");
            }
        }
        EngineVariant variant = engine.variantFor(chosen).orElseThrow(() -> UserFacingException.invalid(
                String.join(" and ", chosen) + " cannot be combined: no image has them all. Possible: "
                        + engine.variants().stream().map(v -> String.join("+", v.choices())).collect(Collectors.joining(", ")) + "."));
        return engine.withVariant(variant);
    }

    /** A strong password, as dbdock makes one for every instance created without one. */
    public static String generatedPassword() {
        return io.dbdock.storage.Secrets.generate();
    }

    /** Why a password chosen by the user cannot be used for this engine, or null if it can. */
    public static String passwordProblem(io.dbdock.engine.EngineSpec engine, String password) {
        String problem = io.dbdock.storage.Secrets.problemWith(password);
        return problem != null || engine == null ? problem : engine.imagePasswordProblem(password);
    }

    /** The name in lower case with runs of other characters as one dash: "My DB 2" -> "my-db-2". */
    public static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "instance" : s;
    }

    /**
     * Refuses a name that another instance has, or that would give the same folder and container
     * name (slug) as another instance's, which keeps the slug of its first name for life.
     */
    public static void requireDistinct(String name, io.dbdock.model.InstanceRecord other) {
        if (other.name().equalsIgnoreCase(name)) {
            throw io.dbdock.common.UserFacingException.conflict("An instance named '" + other.name()
                    + "' already exists. Choose another name.");
        }
        if (other.slug().equals(slug(name))) {
            throw io.dbdock.common.UserFacingException.conflict("The name '" + name + "' would use the folder and container "
                    + "name '" + other.slug() + "', which belong to the instance '" + other.name() + "'. Choose another name.");
        }
    }

    /** The engine's id, or id-2, id-3, ... whichever is free first. */
    public static String defaultName(String engineId, Collection<String> takenSlugs) {
        if (!takenSlugs.contains(engineId)) {
            return engineId;
        }
        for (int i = 2; ; i++) {
            String candidate = engineId + "-" + i;
            if (!takenSlugs.contains(candidate)) {
                return candidate;
            }
        }
    }

    /** For a port typed as text: empty, not a number, or out of range. */
    public static String portTextProblem(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            return "Enter a port.";
        }
        try {
            return portProblem(Integer.parseInt(t));
        } catch (NumberFormatException e) {
            return "The port must be a number from 1024 to 65535.";
        }
    }

    /** Ports below 1024 belong to system services (and rootless Docker cannot publish them). */
    public static final int LOWEST_PORT = 1024;

    public static String portProblem(int port) {
        if (port < 1 || port > 65535) {
            return "The port " + port + " is outside 1024-65535.";
        }
        if (port < LOWEST_PORT) {
            return "Port " + port + " is reserved for system services. Choose a port from 1024 to 65535.";
        }
        return null;
    }

    /** Must be an IP literal this computer has (or 0.0.0.0 / :: for every address). */
    public static String bindAddressProblem(String address) {
        if (address == null || address.isBlank()) {
            return "The bind address is empty.";
        }
        if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
            return "The bind address '" + address + "' is not an IP address (use 127.0.0.1, or 0.0.0.0 for all networks).";
        }
        try {
            InetAddress ip = InetAddress.getByName(address);
            if (ip.isAnyLocalAddress() || ip.isLoopbackAddress() || NetworkInterface.getByInetAddress(ip) != null) {
                return null;
            }
            return "The bind address " + address + " does not belong to this computer.";
        } catch (UnknownHostException | SocketException e) {
            return "The bind address '" + address + "' is not a valid IP address.";
        }
    }

    /** host:port as an instance is recorded: where a client here connects, unless a tunnel carries it ({@link InstanceService#address}). */
    public static String recordedAddress(io.dbdock.model.InstanceRecord r) {
        return clientHost(r.bindAddress()) + ":" + r.port();
    }

    /** Where a client on this computer connects for a given bind address. */
    public static String clientHost(String bindAddress) {
        if ("0.0.0.0".equals(bindAddress)) {
            return "127.0.0.1";
        }
        if ("::".equals(bindAddress) || "::0".equals(bindAddress)) {
            return "::1";
        }
        return bindAddress;
    }
}
